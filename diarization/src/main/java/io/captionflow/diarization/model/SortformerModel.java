package io.captionflow.diarization.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captionflow.asr.OnnxRuntimeEnvironment;
import io.captionflow.asr.parakeet.RecognizerConfig;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The streaming Sortformer ONNX export ({@code diar_streaming_sortformer_4spk-v2(.1).onnx}), loaded
 * once per JVM and shared by every session (ONNX Runtime sessions are safe to run from several
 * threads). Holds no session state: each {@link #run} gets the speaker cache and FIFO of the
 * session it serves.
 *
 * <p>Contract: inputs {@code chunk} FLOAT [B, T, 128] (log-mel, frames × features), {@code
 * chunk_lengths} INT64 [B], {@code spkcache} FLOAT [B, S, 512], {@code spkcache_lengths} INT64 [B],
 * {@code fifo} FLOAT [B, F, 512], {@code fifo_lengths} INT64 [B]; outputs {@code
 * spkcache_fifo_chunk_preds} FLOAT [B, S + F + ceil(T/8), 4] (sigmoid activity per 80 ms frame and
 * speaker, for cache, FIFO and chunk frames in that order), {@code chunk_pre_encode_embs} FLOAT [B,
 * ceil(T/8), 512] (the chunk's frames, to enter the FIFO) and {@code chunk_pre_encode_lengths}
 * INT64 [B].
 */
public final class SortformerModel implements AutoCloseable {

  public static final int FEATURES = 128;
  public static final int EMBEDDING = 512;
  public static final int SPEAKERS = 4;
  public static final int SUBSAMPLING = 8;
  public static final double FRAME_SECONDS = 0.08;

  static final List<TensorSpec> INPUTS =
      List.of(
          TensorSpec.of("chunk", OnnxJavaType.FLOAT, "batch", "frames", FEATURES),
          TensorSpec.of("chunk_lengths", OnnxJavaType.INT64, "batch"),
          TensorSpec.of("spkcache", OnnxJavaType.FLOAT, "batch", "cache_frames", EMBEDDING),
          TensorSpec.of("spkcache_lengths", OnnxJavaType.INT64, "batch"),
          TensorSpec.of("fifo", OnnxJavaType.FLOAT, "batch", "fifo_frames", EMBEDDING),
          TensorSpec.of("fifo_lengths", OnnxJavaType.INT64, "batch"));
  static final List<TensorSpec> OUTPUTS =
      List.of(
          TensorSpec.of(
              "spkcache_fifo_chunk_preds", OnnxJavaType.FLOAT, "batch", "all_frames", SPEAKERS),
          TensorSpec.of(
              "chunk_pre_encode_embs", OnnxJavaType.FLOAT, "batch", "chunk_frames", EMBEDDING),
          TensorSpec.of("chunk_pre_encode_lengths", OnnxJavaType.INT64, "batch"));

  private final OrtEnvironment env;
  private final OrtSession session;
  private final Path path;
  private final StreamingParams streaming;

  private SortformerModel(
      OrtEnvironment env, OrtSession session, Path path, StreamingParams streaming) {
    this.env = env;
    this.session = session;
    this.path = path;
    this.streaming = streaming;
  }

  /**
   * Loads and validates the model; any problem throws {@link ModelContractException} with one clear
   * message.
   */
  public static SortformerModel load(SortformerConfig config) {
    Path path = config.modelPath();
    if (!Files.isRegularFile(path)) {
      throw new ModelContractException(
          "Sortformer model not found: "
              + path
              + " is "
              + (Files.exists(path) ? "not a file" : "missing")
              + " (set "
              + SortformerConfig.MODEL_PATH_ENV
              + " to diar_streaming_sortformer_4spk-v2.onnx or v2.1.onnx)");
    }
    if (!Files.isReadable(path)) {
      throw new ModelContractException("Sortformer model " + path + " is not readable");
    }
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (config.threads() > 0) {
        options.setIntraOpNumThreads(config.threads());
      }
      if (RecognizerConfig.parseDevice(config.device()) == RecognizerConfig.Device.CUDA) {
        options.addCUDA(RecognizerConfig.parseCudaDevice(config.device()));
      }
      session = OnnxRuntimeEnvironment.createSession(path.toString(), options);
    } catch (OrtException e) {
      throw new ModelContractException(
          "cannot load Sortformer model " + path + " on " + config.device() + ": " + e.getMessage(),
          e);
    }
    try {
      List<String> problems = new ArrayList<>();
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      INPUTS.forEach(spec -> spec.mismatch("input", inputs).ifPresent(problems::add));
      OUTPUTS.forEach(spec -> spec.mismatch("output", outputs).ifPresent(problems::add));
      if (!problems.isEmpty()) {
        throw new ModelContractException(
            "not a streaming Sortformer model: " + path + ": " + String.join("; ", problems));
      }
      StreamingParams params =
          config
              .streaming()
              .orElse(StreamingParams.fromMetadata(session.getMetadata().getCustomMetadata()));
      return new SortformerModel(env, session, path, params);
    } catch (OrtException | IllegalArgumentException e) {
      closeQuietly(session);
      throw new ModelContractException(
          "cannot read Sortformer model " + path + ": " + e.getMessage(), e);
    } catch (ModelContractException e) {
      closeQuietly(session);
      throw e;
    }
  }

  public StreamingParams streaming() {
    return streaming;
  }

  public Path path() {
    return path;
  }

  /**
   * One streaming step for one session.
   *
   * @param chunk log-mel features, frame-major ({@code frames × 128}), padded to a multiple of 8
   *     frames
   * @param validFrames how many leading feature frames are real audio
   * @param spkcache the session's speaker cache ({@code cacheFrames × 512})
   * @param fifo the session's FIFO ({@code fifoFrames × 512})
   */
  public Output run(float[] chunk, int validFrames, float[] spkcache, float[] fifo) {
    if (chunk.length % FEATURES != 0
        || spkcache.length % EMBEDDING != 0
        || fifo.length % EMBEDDING != 0) {
      throw new IllegalArgumentException(
          "chunk must hold whole 128-feature frames and cache/FIFO whole 512-wide frames");
    }
    int frames = chunk.length / FEATURES;
    int cacheFrames = spkcache.length / EMBEDDING;
    int fifoFrames = fifo.length / EMBEDDING;
    try (OnnxTensor chunkT =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(chunk), new long[] {1, frames, FEATURES});
        OnnxTensor chunkLen =
            OnnxTensor.createTensor(
                env, LongBuffer.wrap(new long[] {validFrames}), new long[] {1});
        OnnxTensor cacheT =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(spkcache), new long[] {1, cacheFrames, EMBEDDING});
        OnnxTensor cacheLen =
            OnnxTensor.createTensor(
                env, LongBuffer.wrap(new long[] {cacheFrames}), new long[] {1});
        OnnxTensor fifoT =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(fifo), new long[] {1, fifoFrames, EMBEDDING});
        OnnxTensor fifoLen =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {fifoFrames}), new long[] {1});
        OrtSession.Result result =
            session.run(
                Map.of(
                    "chunk",
                    chunkT,
                    "chunk_lengths",
                    chunkLen,
                    "spkcache",
                    cacheT,
                    "spkcache_lengths",
                    cacheLen,
                    "fifo",
                    fifoT,
                    "fifo_lengths",
                    fifoLen))) {
      OnnxTensor preds = (OnnxTensor) result.get("spkcache_fifo_chunk_preds").orElseThrow();
      OnnxTensor embs = (OnnxTensor) result.get("chunk_pre_encode_embs").orElseThrow();
      OnnxTensor embLen = (OnnxTensor) result.get("chunk_pre_encode_lengths").orElseThrow();
      long[] predShape = preds.getInfo().getShape();
      long[] embShape = embs.getInfo().getShape();
      float[] predData = new float[(int) (predShape[1] * predShape[2])];
      preds.getFloatBuffer().get(predData);
      float[] embData = new float[(int) (embShape[1] * embShape[2])];
      embs.getFloatBuffer().get(embData);
      int validEmb = (int) embLen.getLongBuffer().get(0);
      if (predShape[1] < cacheFrames + fifoFrames + Math.min(validEmb, embShape[1])) {
        throw new IllegalStateException(
            "Sortformer returned "
                + predShape[1]
                + " prediction frames for "
                + cacheFrames
                + " cache + "
                + fifoFrames
                + " FIFO + "
                + validEmb
                + " chunk frames");
      }
      return new Output(predData, (int) predShape[1], embData, (int) embShape[1], validEmb);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "Sortformer inference failed (" + path + "): " + e.getMessage(), e);
    }
  }

  /**
   * @param preds {@code predFrames × 4} activities: cache frames, then FIFO frames, then chunk
   *     frames
   * @param embeddings {@code embFrames × 512} embeddings of the chunk's frames
   * @param validEmbFrames chunk frames computed from real (unpadded) features
   */
  public record Output(
      float[] preds, int predFrames, float[] embeddings, int embFrames, int validEmbFrames) {}

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // closing a session that failed validation: nothing left to release
    }
  }
}
