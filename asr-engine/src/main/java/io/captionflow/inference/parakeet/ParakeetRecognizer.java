package io.captionflow.inference.parakeet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.captionflow.inference.DecodeRequest;
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
import java.util.Arrays;
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
  private final int stateLayers;
  private final int stateHidden;
  private final boolean batchedDecoder;
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
    this.stateLayers = (int) (s[0] > 0 ? s[0] : 2);
    this.stateHidden = (int) (s[2] > 0 ? s[2] : 640);
    this.batchedDecoder =
        encIn[0] != 1
            && s[1] != 1
            && ModelDirectory.shape(decoder, "targets", true)[0] != 1
            && ModelDirectory.shape(decoder, "input_states_2", true)[1] != 1;
    if (!batchedDecoder) {
      LOG.info(
          "{} takes batch 1 only (encoder_outputs {}, input_states_1 {}): decodeBatch runs one"
              + " decoder call per row and step",
          model.decoderJoint().getFileName(),
          Arrays.toString(encIn),
          Arrays.toString(s));
    }
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
          config.deviceId(),
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
              "CUDA was requested (CAPTIONFLOW_DEVICE="
                  + config.deviceId()
                  + ") but this ONNX Runtime build has"
                  + " no CUDA execution provider: build with 'mvn -Pgpu' (onnxruntime_gpu) and install CUDA 12 + cuDNN 9,"
                  + " or use the CPU");
        }
        options.addCUDA(config.cudaDevice());
      }
      return OnnxRuntimeEnvironment.createSessionOnGlobalPool(file.toString(), options);
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
    int layerSize = stateLayers * stateHidden;
    try (Step step =
        step(
            new float[encoderDim],
            new int[] {vocabulary.blank()},
            new float[layerSize],
            new float[layerSize],
            1)) {
      model.checkJointWidth(step.width);
    }
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public LogMelSpectrogram frontEnd() {
    return frontEnd;
  }

  /** False when decoder_joint is exported at batch 1: decodeBatch then decodes row by row. */
  public boolean decodesInBatches() {
    return batchedDecoder;
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
    List<DecodeRequest> rows = new ArrayList<>(windows.size());
    for (EncodedAudio e : encodeBatch(windows)) {
      rows.add(new DecodeRequest(e, 0, e.length(), DecoderState.initial()));
    }
    List<Transcript> out = new ArrayList<>(rows.size());
    for (DecodeResult r : decodeBatch(rows)) {
      out.add(Transcript.of(r.tokens()));
    }
    return out;
  }

  @Override
  public EncodedAudio encode(float[] samples) {
    return encodeBatch(List.of(samples)).get(0);
  }

  /** Encodes several windows in one call: features padded to the longest, true lengths passed. */
  @Override
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
    return greedy(List.of(new DecodeRequest(audio, fromFrame, toFrame, state))).get(0);
  }

  /**
   * One decoder_joint call per step for all rows still decoding (rows that finish drop out), or,
   * for a decoder exported at batch 1, one row after the other.
   */
  @Override
  public List<DecodeResult> decodeBatch(List<DecodeRequest> requests) {
    if (batchedDecoder) {
      return greedy(requests);
    }
    List<DecodeResult> out = new ArrayList<>(requests.size());
    for (DecodeRequest request : requests) {
      out.add(greedy(List.of(request)).get(0));
    }
    return out;
  }

  /**
   * TDT greedy decoding of every request at once: per row a frame pointer, an emitted count and the
   * states, adopted only after a non-blank, exactly as a lone row would.
   */
  private List<DecodeResult> greedy(List<DecodeRequest> requests) {
    int blank = vocabulary.blank();
    List<Row> rows = new ArrayList<>(requests.size());
    for (DecodeRequest request : requests) {
      rows.add(new Row(request, blank));
    }
    List<Row> active = new ArrayList<>(rows);
    active.removeIf(Row::done);
    int v = vocabulary.size();
    int layerSize = stateLayers * stateHidden;
    while (!active.isEmpty()) {
      int b = active.size();
      float[] frames = new float[b * encoderDim];
      int[] targets = new int[b];
      float[] states1 = new float[layerSize * b];
      float[] states2 = new float[layerSize * b];
      for (int i = 0; i < b; i++) {
        Row row = active.get(i);
        System.arraycopy(row.audio.frames()[row.t], 0, frames, i * encoderDim, encoderDim);
        targets[i] = row.lastToken;
        scatterState(row.state1, states1, i, b);
        scatterState(row.state2, states2, i, b);
      }
      try (Step step = step(frames, targets, states1, states2, b)) {
        int width = step.width / b;
        for (int i = 0; i < b; i++) {
          Row row = active.get(i);
          int offset = i * width;
          int token = argmax(step.logits, offset, offset + v) - offset;
          int skip = argmax(step.logits, offset + v, offset + v + durations) - offset - v;
          if (token != blank) {
            row.emit(token, skip, softmaxProbability(step.logits, offset, v, token));
            row.state1 = step.rowState(1, i, b, stateLayers, stateHidden);
            row.state2 = step.rowState(2, i, b, stateLayers, stateHidden);
          }
          if (skip > 0) {
            row.t += skip;
            row.emitted = 0;
          } else if (token == blank || row.emitted >= model.maxTokensPerStep()) {
            row.t += 1;
            row.emitted = 0;
          }
        }
      }
      active.removeIf(Row::done);
    }
    List<DecodeResult> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(
          new DecodeResult(
              row.tokens, new DecoderState(row.state1, row.state2, row.lastToken, false), row.t));
    }
    return out;
  }

  /** Puts one row's [layers, 1, hidden] state at batch index {@code i} of [layers, b, hidden]. */
  private void scatterState(float[] state, float[] batch, int i, int b) {
    if (state == null) {
      return; // zeros: the start of an utterance
    }
    for (int layer = 0; layer < stateLayers; layer++) {
      System.arraycopy(
          state, layer * stateHidden, batch, (layer * b + i) * stateHidden, stateHidden);
    }
  }

  /** One row's decoding progress inside a batched greedy loop. */
  private final class Row {
    final EncodedAudio audio;
    final int toFrame;
    final List<Token> tokens = new ArrayList<>();
    int t;
    int emitted;
    int lastToken;
    float[] state1;
    float[] state2;

    Row(DecodeRequest request, int blank) {
      DecoderState state = request.state();
      this.audio = request.audio();
      this.toFrame = request.toFrame();
      this.t = request.fromFrame();
      this.lastToken = state.fresh() || state.lastToken() < 0 ? blank : state.lastToken();
      this.state1 = state.state1();
      this.state2 = state.state2();
    }

    boolean done() {
      return t >= toFrame;
    }

    void emit(int token, int skip, float confidence) {
      tokens.add(
          new Token(
              token,
              vocabulary.piece(token),
              t,
              t * frameSeconds,
              (t + Math.max(1, skip)) * frameSeconds,
              confidence,
              vocabulary.isSpecial(token)));
      lastToken = token;
      emitted++;
    }
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

  /** Softmax probability of {@code index} among the {@code v} logits starting at {@code offset}. */
  private static float softmaxProbability(float[] logits, int offset, int v, int index) {
    double max = logits[offset + index];
    for (int i = offset; i < offset + v; i++) {
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = offset; i < offset + v; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return (float) (Math.exp(logits[offset + index] - max) / sum);
  }

  /**
   * One decoder+joint call for {@code b} rows: frames [b, dim, 1], last tokens [b, 1], states
   * [layers, b, hidden] each.
   */
  private Step step(float[] frames, int[] lastTokens, float[] states1, float[] states2, int b) {
    long[] stateShape = {stateLayers, b, stateHidden};
    int[] targetLengths = new int[b];
    Arrays.fill(targetLengths, 1);
    try (OnnxTensor enc =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(frames), new long[] {b, frames.length / b, 1});
        OnnxTensor targets =
            OnnxTensor.createTensor(env, IntBuffer.wrap(lastTokens), new long[] {b, 1});
        OnnxTensor targetLength =
            OnnxTensor.createTensor(env, IntBuffer.wrap(targetLengths), new long[] {b});
        OnnxTensor in1 = OnnxTensor.createTensor(env, FloatBuffer.wrap(states1), stateShape);
        OnnxTensor in2 = OnnxTensor.createTensor(env, FloatBuffer.wrap(states2), stateShape)) {
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
    private final FloatBuffer[] states = new FloatBuffer[2];

    Step(OrtSession.Result result) {
      this.result = result;
      OnnxTensor out = (OnnxTensor) result.get("outputs").orElseThrow();
      FloatBuffer buffer = out.getFloatBuffer();
      this.logits = new float[buffer.remaining()];
      buffer.get(logits);
      this.width = logits.length;
    }

    /** Row {@code i}'s [layers, 1, hidden] slice of output state [layers, b, hidden]. */
    float[] rowState(int which, int i, int b, int layers, int hidden) {
      if (states[which - 1] == null) {
        // getFloatBuffer copies the whole [layers, b, hidden] tensor: once per step, not per row
        states[which - 1] =
            ((OnnxTensor) result.get("output_states_" + which).orElseThrow()).getFloatBuffer();
      }
      FloatBuffer buffer = states[which - 1];
      float[] copy = new float[layers * hidden];
      for (int layer = 0; layer < layers; layer++) {
        buffer.get((layer * b + i) * hidden, copy, layer * hidden, hidden);
      }
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
