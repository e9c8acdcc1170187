package io.captionflow.inference.parakeet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.captionflow.inference.DecodeResult;
import io.captionflow.inference.DecoderState;
import io.captionflow.inference.EncodedAudio;
import io.captionflow.inference.OnnxRuntimeEnvironment;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.Token;
import io.captionflow.inference.Transcript;
import io.captionflow.inference.features.LogMelSpectrogram;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parakeet TDT on ONNX Runtime: the log-mel front end, the encoder, and greedy TDT decoding with
 * the decoder+joint network. One instance holds one encoder/decoder session pair; it keeps no
 * per-call state, so one instance serves every thread of a JVM.
 */
public final class ParakeetRecognizer implements SpeechRecognizer {

  private static final Logger LOG = LoggerFactory.getLogger(ParakeetRecognizer.class);
  private static final double FEATURE_HOP_SECONDS = 0.01;

  private final ModelDirectory model;
  private final Vocabulary vocabulary;
  private final LogMelSpectrogram frontEnd;
  private final OrtEnvironment env;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final int encoderDim;
  private final long[] stateShape;
  private final int durations;
  private final double frameSeconds;

  private ParakeetRecognizer(
      ModelDirectory model, OrtEnvironment env, OrtSession encoder, OrtSession decoder) {
    this.model = model;
    this.vocabulary = model.vocabulary();
    this.frontEnd = new LogMelSpectrogram(model.features());
    this.env = env;
    this.encoder = encoder;
    this.decoder = decoder;
    long[] encIn = ModelDirectory.shape(decoder, "encoder_outputs", true);
    long[] encOut = ModelDirectory.shape(encoder, "outputs", false);
    this.encoderDim = (int) (encIn[1] > 0 ? encIn[1] : encOut[1] > 0 ? encOut[1] : 1024);
    long[] s = ModelDirectory.shape(decoder, "input_states_1", true);
    this.stateShape = new long[] {s[0] > 0 ? s[0] : 2, 1, s[2] > 0 ? s[2] : 640};
    this.durations = 5;
    this.frameSeconds = model.subsamplingFactor() * FEATURE_HOP_SECONDS;
  }

  /** Loads and checks a model directory; any problem is one {@link ModelLoadException} line. */
  public static ParakeetRecognizer load(RecognizerConfig config) {
    ModelDirectory model = ModelDirectory.open(config.modelDir(), config.precision());
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    OrtSession encoder = null;
    OrtSession decoder = null;
    try {
      encoder = open(env, model.encoder(), config);
      model.checkEncoder(encoder);
      decoder = open(env, model.decoderJoint(), config);
      model.checkDecoder(decoder);
      ParakeetRecognizer recognizer = new ParakeetRecognizer(model, env, encoder, decoder);
      recognizer.probeJointWidth();
      LOG.info(
          "loaded Parakeet model {} ({}, {}, {} pieces)",
          config.modelDir(),
          config.precision(),
          config.device(),
          model.vocabulary().size());
      return recognizer;
    } catch (RuntimeException e) {
      closeQuietly(encoder);
      closeQuietly(decoder);
      throw e;
    }
  }

  private static OrtSession open(
      OrtEnvironment env, java.nio.file.Path file, RecognizerConfig config) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (config.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(config.intraOpThreads());
      }
      if (config.device() == RecognizerConfig.Device.CUDA) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          throw new ModelLoadException(
              "CUDA was requested (CAPTIONFLOW_DEVICE=cuda) but this ONNX Runtime build has"
                  + " no CUDA execution provider: build with 'mvn -Pgpu' (onnxruntime_gpu) and install CUDA 12 + cuDNN 9,"
                  + " or use the CPU");
        }
        options.addCUDA(0);
      }
      return OnnxRuntimeEnvironment.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new ModelLoadException("cannot load " + file + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown ONNX Runtime error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void closeQuietly(OrtSession session) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        LOG.debug("closing session", e);
      }
    }
  }

  /** The joint's output width is often symbolic in the file; one step on zeros tells the truth. */
  private void probeJointWidth() {
    float[] zeros = new float[encoderDim];
    try (Step step = step(zeros, vocabulary.blank(), null, null)) {
      model.checkJointWidth(step.width);
    }
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public LogMelSpectrogram frontEnd() {
    return frontEnd;
  }

  public int maxTokensPerStep() {
    return model.maxTokensPerStep();
  }

  @Override
  public double frameSeconds() {
    return frameSeconds;
  }

  @Override
  public Transcript transcribe(float[] samples) {
    EncodedAudio encoded = encode(samples);
    return Transcript.of(decode(encoded, 0, encoded.length(), DecoderState.initial()).tokens());
  }

  @Override
  public List<Transcript> transcribeBatch(List<float[]> windows) {
    List<EncodedAudio> encoded = encodeBatch(windows);
    List<Transcript> out = new ArrayList<>(encoded.size());
    for (EncodedAudio e : encoded) {
      out.add(Transcript.of(decode(e, 0, e.length(), DecoderState.initial()).tokens()));
    }
    return out;
  }

  @Override
  public EncodedAudio encode(float[] samples) {
    return encodeBatch(List.of(samples)).get(0);
  }

  /** Encodes several windows in one call: features padded to the longest, true lengths passed. */
  public List<EncodedAudio> encodeBatch(List<float[]> windows) {
    if (windows.isEmpty()) {
      return List.of();
    }
    LogMelSpectrogram.Batch features = frontEnd.computeBatch(windows);
    List<EncodedAudio> out = new ArrayList<>(windows.size());
    if (features.frames() == 0) {
      for (int b = 0; b < windows.size(); b++) {
        out.add(new EncodedAudio(new float[0][], frameSeconds));
      }
      return out;
    }
    long[] shape = {features.batch(), features.features(), features.frames()};
    try (OnnxTensor signal =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(features.data()), shape);
        OnnxTensor length =
            OnnxTensor.createTensor(
                env, LongBuffer.wrap(features.lengths()), new long[] {features.batch()});
        OrtSession.Result result = encoder.run(Map.of("audio_signal", signal, "length", length))) {
      OnnxTensor outputs = (OnnxTensor) result.get("outputs").orElseThrow();
      OnnxTensor lengths = (OnnxTensor) result.get("encoded_lengths").orElseThrow();
      long[] outShape = outputs.getInfo().getShape();
      int dim = (int) outShape[1];
      int frames = (int) outShape[2];
      FloatBuffer data = outputs.getFloatBuffer();
      LongBuffer encodedLengths = lengths.getLongBuffer();
      for (int b = 0; b < windows.size(); b++) {
        int valid = (int) Math.min(frames, encodedLengths.get(b));
        float[][] rows = new float[valid][dim];
        int base = b * dim * frames;
        for (int d = 0; d < dim; d++) {
          for (int t = 0; t < valid; t++) {
            rows[t][d] = data.get(base + d * frames + t);
          }
        }
        out.add(new EncodedAudio(rows, frameSeconds));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("encoder failed: " + firstLine(e.getMessage()), e);
    }
  }

  @Override
  public DecodeResult decode(EncodedAudio audio, int fromFrame, int toFrame, DecoderState state) {
    if (fromFrame < 0 || toFrame > audio.length() || fromFrame > toFrame) {
      throw new IllegalArgumentException(
          "frames ["
              + fromFrame
              + ", "
              + toFrame
              + ") outside the "
              + audio.length()
              + " encoded frames");
    }
    int blank = vocabulary.blank();
    int lastToken = state.fresh() || state.lastToken() < 0 ? blank : state.lastToken();
    float[] state1 = state.state1();
    float[] state2 = state.state2();
    List<Token> tokens = new ArrayList<>();
    int v = vocabulary.size();
    int t = fromFrame;
    int emitted = 0;
    while (t < toFrame) {
      int token;
      int skip;
      float confidence;
      float[] newState1;
      float[] newState2;
      try (Step step = step(audio.frames()[t], lastToken, state1, state2)) {
        float[] logits = step.logits;
        token = argmax(logits, 0, v);
        skip = argmax(logits, v, v + durations) - v;
        confidence = softmaxProbability(logits, v, token);
        newState1 = token != blank ? step.state(1) : null;
        newState2 = token != blank ? step.state(2) : null;
      }
      if (token != blank) {
        double start = t * frameSeconds;
        double end = (t + Math.max(1, skip)) * frameSeconds;
        tokens.add(
            new Token(
                token,
                vocabulary.piece(token),
                t,
                start,
                end,
                confidence,
                vocabulary.isSpecial(token)));
        lastToken = token;
        state1 = newState1;
        state2 = newState2;
        emitted++;
      }
      if (skip > 0) {
        t += skip;
        emitted = 0;
      } else if (token == blank || emitted >= model.maxTokensPerStep()) {
        t += 1;
        emitted = 0;
      }
    }
    return new DecodeResult(tokens, new DecoderState(state1, state2, lastToken, false), t);
  }

  private static int argmax(float[] values, int from, int to) {
    int best = from;
    for (int i = from + 1; i < to; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static float softmaxProbability(float[] logits, int v, int index) {
    double max = logits[index];
    for (int i = 0; i < v; i++) {
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return (float) (Math.exp(logits[index] - max) / sum);
  }

  /** One decoder+joint call: the joint logits of a frame and the states after the given token. */
  private Step step(float[] frame, int lastToken, float[] state1, float[] state2) {
    int stateSize = (int) (stateShape[0] * stateShape[2]);
    float[] s1 = state1 != null ? state1 : new float[stateSize];
    float[] s2 = state2 != null ? state2 : new float[stateSize];
    try (OnnxTensor enc =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(frame), new long[] {1, frame.length, 1});
        OnnxTensor targets =
            OnnxTensor.createTensor(env, IntBuffer.wrap(new int[] {lastToken}), new long[] {1, 1});
        OnnxTensor targetLength =
            OnnxTensor.createTensor(env, IntBuffer.wrap(new int[] {1}), new long[] {1});
        OnnxTensor in1 = OnnxTensor.createTensor(env, FloatBuffer.wrap(s1), stateShape);
        OnnxTensor in2 = OnnxTensor.createTensor(env, FloatBuffer.wrap(s2), stateShape)) {
      OrtSession.Result result =
          decoder.run(
              Map.of(
                  "encoder_outputs",
                  enc,
                  "targets",
                  targets,
                  "target_length",
                  targetLength,
                  "input_states_1",
                  in1,
                  "input_states_2",
                  in2));
      return new Step(result);
    } catch (OrtException e) {
      throw new IllegalStateException("decoder_joint failed: " + firstLine(e.getMessage()), e);
    }
  }

  /** The outputs of one decoder+joint call, closed after use. */
  private static final class Step implements AutoCloseable {
    final OrtSession.Result result;
    final float[] logits;
    final int width;

    Step(OrtSession.Result result) {
      this.result = result;
      OnnxTensor out = (OnnxTensor) result.get("outputs").orElseThrow();
      FloatBuffer buffer = out.getFloatBuffer();
      this.logits = new float[buffer.remaining()];
      buffer.get(logits);
      this.width = logits.length;
    }

    float[] state(int which) {
      FloatBuffer buffer =
          ((OnnxTensor) result.get("output_states_" + which).orElseThrow()).getFloatBuffer();
      float[] copy = new float[buffer.remaining()];
      buffer.get(copy);
      return copy;
    }

    @Override
    public void close() {
      result.close();
    }
  }

  @Override
  public void close() {
    closeQuietly(encoder);
    closeQuietly(decoder);
  }
}
