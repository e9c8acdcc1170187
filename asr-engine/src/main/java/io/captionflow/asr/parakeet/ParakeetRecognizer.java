package io.captionflow.asr.parakeet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.OnnxRuntimeEnvironment;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.features.LogMelSpectrogram;
import java.nio.FloatBuffer;
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
  private final DecoderJoint joint;
  private final TdtGreedyDecoder greedy;
  private final double frameSeconds;

  private ParakeetRecognizer(
      ModelDirectory model, OrtEnvironment env, OrtSession encoder, OrtSession decoder) {
    this.model = model;
    this.vocabulary = model.vocabulary();
    this.frontEnd = new LogMelSpectrogram(model.features());
    this.env = env;
    this.encoder = encoder;
    this.decoder = decoder;
    this.joint = new DecoderJoint(model, env, encoder, decoder);
    this.frameSeconds = model.subsamplingFactor() * FEATURE_HOP_SECONDS;
    this.greedy = new TdtGreedyDecoder(vocabulary, joint, model.maxTokensPerStep(), frameSeconds);
  }

  /** Loads and checks a model directory; any problem is one {@link ModelLoadException} line. */
  public static ParakeetRecognizer load(RecognizerConfig config) {
    ModelDirectory model = ModelDirectory.open(config.modelDir(), config.precision());
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    OrtSession encoder = null;
    OrtSession decoder = null;
    try {
      encoder = config.openSession(model.encoder());
      model.checkEncoder(encoder);
      decoder = config.openSession(model.decoderJoint());
      model.checkDecoder(decoder);
      ParakeetRecognizer recognizer = new ParakeetRecognizer(model, env, encoder, decoder);
      model.checkJointWidth(recognizer.joint.probeWidth(model.vocabulary().blank()));
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

  static String firstLine(String s) {
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

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public LogMelSpectrogram frontEnd() {
    return frontEnd;
  }

  /** False when decoder_joint is exported at batch 1: decodeBatch then decodes row by row. */
  public boolean decodesInBatches() {
    return joint.batched();
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
    return greedy.decode(List.of(new DecodeRequest(audio, fromFrame, toFrame, state))).get(0);
  }

  /**
   * One decoder_joint call per step for all rows still decoding (rows that finish drop out), or,
   * for a decoder exported at batch 1, one row after the other.
   */
  @Override
  public List<DecodeResult> decodeBatch(List<DecodeRequest> requests) {
    if (joint.batched()) {
      return greedy.decode(requests);
    }
    List<DecodeResult> out = new ArrayList<>(requests.size());
    for (DecodeRequest request : requests) {
      out.add(greedy.decode(List.of(request)).get(0));
    }
    return out;
  }

  @Override
  public void close() {
    closeQuietly(encoder);
    closeQuietly(decoder);
  }
}
