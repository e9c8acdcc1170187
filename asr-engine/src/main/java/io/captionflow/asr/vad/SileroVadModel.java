package io.captionflow.asr.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captionflow.asr.OnnxRuntimeEnvironment;
import io.captionflow.asr.parakeet.ModelLoadException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 ({@code silero_vad_v5.onnx}) on ONNX Runtime. v5 expects each 512-sample frame
 * preceded by the previous frame's last 64 samples (576 inputs), and a recurrent state [2, 1, 128]
 * carried between frames; both live in the session's {@link VadStreamState}.
 */
public final class SileroVadModel implements VadModel {

  public static final int CONTEXT_SAMPLES = 64;
  private static final int STATE_SIZE = 2 * 128;

  /** Where {@code scripts/fetch-silero-vad.sh} installs the model by default. */
  public static final Path DEFAULT_PATH =
      Path.of(System.getProperty("user.home"), ".cache", "captionflow", "silero_vad_v5.onnx");

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxTensor sampleRate;

  private SileroVadModel(OrtEnvironment env, OrtSession session, OnnxTensor sampleRate) {
    this.env = env;
    this.session = session;
    this.sampleRate = sampleRate;
  }

  /** {@code SILERO_VAD_MODEL} if set, else {@link #DEFAULT_PATH}. */
  public static Path pathFromEnvironment(Map<String, String> env) {
    String path = env.get("SILERO_VAD_MODEL");
    return path == null || path.isBlank() ? DEFAULT_PATH : Path.of(path);
  }

  public static SileroVadModel load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          "Silero VAD model "
              + file
              + " not found: run asr-engine/scripts/fetch-silero-vad.sh"
              + " or set SILERO_VAD_MODEL");
    }
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      OrtSession session = OnnxRuntimeEnvironment.createSession(file.toString(), options);
      for (String name : new String[] {"input", "state", "sr"}) {
        if (!session.getInputNames().contains(name)) {
          session.close();
          throw new ModelLoadException(
              file
                  + ": no input named '"
                  + name
                  + "' (not Silero VAD v5? it has "
                  + session.getInputNames()
                  + ")");
        }
      }
      OnnxTensor sr =
          OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SAMPLE_RATE}), new long[0]);
      return new SileroVadModel(env, session, sr);
    } catch (OrtException e) {
      throw new ModelLoadException(
          "cannot load " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  @Override
  public VadStreamState initialState() {
    return new VadStreamState(
        new float[STATE_SIZE], new float[CONTEXT_SAMPLES], new float[FRAME_SAMPLES], 0, 0);
  }

  @Override
  public float speechProbability(float[] frame, VadStreamState state) {
    float[] input = new float[CONTEXT_SAMPLES + FRAME_SAMPLES];
    System.arraycopy(state.context(), 0, input, 0, CONTEXT_SAMPLES);
    System.arraycopy(frame, 0, input, CONTEXT_SAMPLES, FRAME_SAMPLES);
    try (OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, input.length});
        OnnxTensor st =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(state.modelState()), new long[] {2, 1, 128});
        OrtSession.Result result =
            session.run(Map.of("input", in, "state", st, "sr", sampleRate))) {
      float p = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(0);
      ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer().get(state.modelState());
      System.arraycopy(frame, FRAME_SAMPLES - CONTEXT_SAMPLES, state.context(), 0, CONTEXT_SAMPLES);
      return p;
    } catch (OrtException e) {
      throw new IllegalStateException("Silero VAD failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      sampleRate.close();
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
