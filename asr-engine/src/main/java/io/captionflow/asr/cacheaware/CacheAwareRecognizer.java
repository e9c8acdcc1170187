package io.captionflow.asr.cacheaware;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captionflow.asr.OnnxRuntimeEnvironment;
import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.parakeet.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache-aware streaming transducer (NeMo FastConformer / Nemotron streaming, sherpa-onnx export)
 * on ONNX Runtime: the loaded models, shared by every session of a JVM and safe to call from
 * several threads. Each session holds a {@link CacheAwareStream}; {@link #decode} runs one window
 * of many streams in one encoder call (caches stacked along the batch axis) and RNN-T greedy search
 * per stream. Inputs and outputs are bound by position: the export's state names are generated.
 */
public final class CacheAwareRecognizer implements StreamingRecognizer {

  private static final Logger LOG = LoggerFactory.getLogger(CacheAwareRecognizer.class);

  private static final int DEFAULT_PROMPT_ID = 101;

  private final CacheAwareModel files;
  private final CacheAwareMetadata meta;
  private final int bins;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final OrtSession joiner;
  private final StackedEncoder stackedEncoder;
  private final GreedySearch search;

  private CacheAwareRecognizer(
      CacheAwareModel files,
      CacheAwareMetadata meta,
      Vocabulary tokens,
      int bins,
      OrtEnvironment env,
      OrtSession encoder,
      OrtSession decoder,
      OrtSession joiner,
      long promptId)
      throws OrtException {
    this.files = files;
    this.meta = meta;
    this.bins = bins;
    this.encoder = encoder;
    this.decoder = decoder;
    this.joiner = joiner;
    OrtTensors tensors = new OrtTensors(env);
    this.stackedEncoder = new StackedEncoder(meta, bins, encoder, promptId, tensors);
    this.search = new GreedySearch(meta, tokens, decoder, joiner, tensors);
    LOG.info(
        "{}: joiner {}, decoder {}",
        files.dir(),
        search.batchesJoiner() ? "batched across streams" : "row by row (its batch is fixed at 1)",
        search.batchesDecoder()
            ? "batched across streams"
            : "row by row (its batch is fixed at 1)");
  }

  /** True when the joiner runs all rows of a step in one call. */
  public boolean batchesJoiner() {
    return search.batchesJoiner();
  }

  /** True when the prediction network runs all rows of a step in one call. */
  public boolean batchesDecoder() {
    return search.batchesDecoder();
  }

  /** Loads and checks an export; every problem found is one line of the exception. */
  public static CacheAwareRecognizer load(RecognizerConfig config) {
    CacheAwareModel files = CacheAwareModel.open(config.modelDir(), config.precision());
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    List<OrtSession> opened = new ArrayList<>();
    try {
      OrtSession encoder = config.openSession(files.encoder());
      opened.add(encoder);
      OrtSession decoder = config.openSession(files.decoder());
      opened.add(decoder);
      OrtSession joiner = config.openSession(files.joiner());
      opened.add(joiner);
      List<String> problems = new ArrayList<>();
      String encoderName = files.encoder().getFileName().toString();
      CacheAwareMetadata meta =
          CacheAwareMetadata.read(encoder.getMetadata().getCustomMetadata(), encoderName, problems);
      int bins = ContractCheck.encoder(encoder, encoderName, meta, problems);
      ContractCheck.decoder(decoder, files.decoder().getFileName().toString(), meta, problems);
      ContractCheck.joiner(joiner, files.joiner().getFileName().toString(), meta, problems);
      Vocabulary tokens = null;
      try {
        tokens = Vocabulary.read(files.tokens());
      } catch (ModelLoadException e) {
        problems.add(e.getMessage());
      }
      if (tokens != null && meta != null) {
        if (tokens.size() != meta.vocabSize() + 1) {
          problems.add(
              CacheAwareModel.TOKENS
                  + " has "
                  + tokens.size()
                  + " tokens, the encoder's vocab_size "
                  + meta.vocabSize()
                  + " needs "
                  + (meta.vocabSize() + 1)
                  + " (the pieces, then <blk>)");
        } else if (tokens.blank() != meta.blank()) {
          problems.add(
              CacheAwareModel.TOKENS
                  + ": <blk> has id "
                  + tokens.blank()
                  + ", must be the last id "
                  + meta.blank());
        }
      }
      if (!problems.isEmpty()) {
        throw CacheAwareModel.problems(config.modelDir(), problems);
      }
      String prompt = encoder.getMetadata().getCustomMetadata().get("auto_prompt_id");
      long promptId = prompt == null ? DEFAULT_PROMPT_ID : Long.parseLong(prompt.trim());
      CacheAwareRecognizer r =
          new CacheAwareRecognizer(
              files, meta, tokens, bins, env, encoder, decoder, joiner, promptId);
      LOG.info(
          "loaded cache-aware streaming model {} ({} ms chunks, {} mel bins, {} tokens, {})",
          config.modelDir(),
          meta.chunkMillis(),
          bins,
          tokens.size(),
          config.deviceId());
      return r;
    } catch (OrtException e) {
      opened.forEach(CacheAwareRecognizer::closeQuietly);
      throw new ModelLoadException(
          "cannot read the model in " + config.modelDir() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      opened.forEach(CacheAwareRecognizer::closeQuietly);
      throw e;
    }
  }

  @Override
  public CacheAwareMetadata metadata() {
    return meta;
  }

  public Path modelDir() {
    return files.dir();
  }

  /** Audio seconds per encoder frame: the resolution of token times. */
  public double frameSeconds() {
    return meta.frameSeconds();
  }

  @Override
  public CacheAwareStream newStream() {
    return new CacheAwareStream(meta, bins);
  }

  /**
   * One decode round: encodes the next window of every stream in one encoder call and runs greedy
   * search per stream; new tokens wait in each stream's {@link CacheAwareStream#takeTokens}. Every
   * stream must be {@link CacheAwareStream#isReady ready} and appear once.
   */
  @Override
  public void decode(List<CacheAwareStream> streams) {
    decodeRound(streams);
  }

  /** {@link #decode}, saying what the encoder call and the greedy search each took. */
  public RoundCost decodeRound(List<CacheAwareStream> streams) {
    if (streams.isEmpty()) {
      return new RoundCost(0, 0, 0);
    }
    Map<CacheAwareStream, Boolean> seen = new IdentityHashMap<>();
    for (CacheAwareStream s : streams) {
      if (!s.isReady()) {
        throw new IllegalArgumentException("a stream without a whole window was given to decode");
      }
      if (seen.put(s, Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "a stream appears twice in one decode round; its windows must run in successive rounds");
      }
    }
    try {
      long t0 = System.nanoTime();
      float[] encoded = stackedEncoder.encode(streams);
      long t1 = System.nanoTime();
      int frames = meta.framesPerChunk();
      search.search(streams, encoded, meta.channelWidth(), frames);
      for (CacheAwareStream s : streams) {
        s.advance(frames);
      }
      return new RoundCost(streams.size(), t1 - t0, System.nanoTime() - t1);
    } catch (OrtException e) {
      throw new IllegalStateException("cache-aware decode failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException | RuntimeException e) {
      LOG.debug("closing a model session failed", e);
    }
  }

  @Override
  public void close() {
    closeQuietly(encoder);
    closeQuietly(decoder);
    closeQuietly(joiner);
  }
}
