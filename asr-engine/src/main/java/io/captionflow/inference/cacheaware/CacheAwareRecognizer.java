package io.captionflow.inference.cacheaware;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.captionflow.inference.OnnxRuntimeEnvironment;
import io.captionflow.inference.Token;
import io.captionflow.inference.parakeet.ModelLoadException;
import io.captionflow.inference.parakeet.RecognizerConfig;
import io.captionflow.inference.parakeet.Vocabulary;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** Symbols one encoder frame may emit before search moves on (sherpa-onnx's limit). */
  public static final int MAX_SYMBOLS_PER_FRAME = 10;

  private static final int DEFAULT_PROMPT_ID = 101;

  private final CacheAwareModel files;
  private final CacheAwareMetadata meta;
  private final Vocabulary tokens;
  private final int bins;
  private final OrtEnvironment env;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final OrtSession joiner;
  private final List<String> encoderInputs;
  private final List<String> decoderInputs;
  private final List<String> joinerInputs;
  private final long promptId;
  private final boolean batchedDecoder;
  private final boolean batchedJoiner;

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
    this.tokens = tokens;
    this.bins = bins;
    this.env = env;
    this.encoder = encoder;
    this.decoder = decoder;
    this.joiner = joiner;
    this.encoderInputs = List.copyOf(encoder.getInputInfo().keySet());
    this.decoderInputs = List.copyOf(decoder.getInputInfo().keySet());
    this.joinerInputs = List.copyOf(joiner.getInputInfo().keySet());
    this.promptId = promptId;
    this.batchedDecoder =
        batchDim(decoder.getInputInfo(), 0, 0)
            && batchDim(decoder.getInputInfo(), 1, 0)
            && batchDim(decoder.getInputInfo(), 2, 1)
            && batchDim(decoder.getInputInfo(), 3, 1);
    this.batchedJoiner =
        batchDim(joiner.getInputInfo(), 0, 0) && batchDim(joiner.getInputInfo(), 1, 0);
    LOG.info(
        "{}: joiner {}, decoder {}",
        files.dir(),
        batchedJoiner ? "batched across streams" : "row by row (its batch is fixed at 1)",
        batchedDecoder ? "batched across streams" : "row by row (its batch is fixed at 1)");
  }

  /** Whether input {@code index}'s dimension {@code axis} (the batch) takes more than one row. */
  private static boolean batchDim(Map<String, NodeInfo> inputs, int index, int axis) {
    NodeInfo info = new ArrayList<>(inputs.values()).get(index);
    long[] shape = ((TensorInfo) info.getInfo()).getShape();
    return shape.length > axis && shape[axis] != 1;
  }

  /** True when the joiner runs all rows of a step in one call. */
  public boolean batchesJoiner() {
    return batchedJoiner;
  }

  /** True when the prediction network runs all rows of a step in one call. */
  public boolean batchesDecoder() {
    return batchedDecoder;
  }

  /** Loads and checks an export; every problem found is one line of the exception. */
  public static CacheAwareRecognizer load(RecognizerConfig config) {
    CacheAwareModel files = CacheAwareModel.open(config.modelDir(), config.precision());
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    List<OrtSession> opened = new ArrayList<>();
    try {
      OrtSession encoder = open(files.encoder(), config, opened);
      OrtSession decoder = open(files.decoder(), config, opened);
      OrtSession joiner = open(files.joiner(), config, opened);
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

  private static OrtSession open(Path file, RecognizerConfig config, List<OrtSession> opened) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (config.intraOpThreads() > 0) {
        options.setIntraOpNumThreads(config.intraOpThreads());
      }
      if (config.device() == RecognizerConfig.Device.CUDA) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          throw new ModelLoadException(
              "CUDA was requested but this ONNX Runtime build has no CUDA execution provider:"
                  + " build with 'mvn -Pgpu' and install CUDA 12 + cuDNN 9, or use the CPU");
        }
        options.addCUDA(config.cudaDevice());
      }
      // by path, so an fp32 encoder's external weights (encoder.data) are found beside it
      OrtSession s = OnnxRuntimeEnvironment.createSessionOnGlobalPool(file.toString(), options);
      opened.add(s);
      return s;
    } catch (OrtException e) {
      throw new ModelLoadException("cannot load " + file + ": " + e.getMessage(), e);
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
      float[] encoded = encode(streams);
      long t1 = System.nanoTime();
      int d = meta.channelWidth();
      int frames = meta.framesPerChunk();
      greedy(streams, encoded, d, frames);
      for (CacheAwareStream s : streams) {
        s.advance(frames);
      }
      return new RoundCost(streams.size(), t1 - t0, System.nanoTime() - t1);
    } catch (OrtException e) {
      throw new IllegalStateException("cache-aware decode failed: " + e.getMessage(), e);
    }
  }

  /** Runs the encoder over the streams' windows; returns outputs [n, D, T'] and updates caches. */
  private float[] encode(List<CacheAwareStream> streams) throws OrtException {
    int n = streams.size();
    int w = meta.windowSize();
    float[] audio = new float[n * bins * w];
    int ch = meta.channelCacheSize();
    int tc = meta.timeCacheSize();
    float[] channel = new float[n * ch];
    float[] time = new float[n * tc];
    long[] lengths = new long[n];
    long[] cacheLengths = new long[n];
    for (int i = 0; i < n; i++) {
      CacheAwareStream s = streams.get(i);
      s.copyWindow(audio, i * bins * w);
      System.arraycopy(s.channelCache, 0, channel, i * ch, ch);
      System.arraycopy(s.timeCache, 0, time, i * tc, tc);
      lengths[i] = w;
      cacheLengths[i] = s.channelCacheLength;
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(encoderInputs.get(0), floats(audio, n, bins, w));
      in.put(encoderInputs.get(1), longs(lengths, n));
      in.put(
          encoderInputs.get(2),
          floats(channel, n, meta.channelLayers(), meta.channelFrames(), meta.channelWidth()));
      in.put(
          encoderInputs.get(3),
          floats(time, n, meta.timeLayers(), meta.timeWidth(), meta.timeFrames()));
      in.put(encoderInputs.get(4), longs(cacheLengths, n));
      if (encoderInputs.size() > 5) {
        long[] prompts = new long[n];
        java.util.Arrays.fill(prompts, promptId);
        in.put(encoderInputs.get(5), longs(prompts, n));
      }
      try (OrtSession.Result out = encoder.run(in)) {
        float[] encoded = readFloats(out, 0, n * meta.channelWidth() * meta.framesPerChunk());
        float[] nextChannel = readFloats(out, 2, n * ch);
        float[] nextTime = readFloats(out, 3, n * tc);
        long[] nextLengths = readLongs(out, 4, n);
        for (int i = 0; i < n; i++) {
          CacheAwareStream s = streams.get(i);
          System.arraycopy(nextChannel, i * ch, s.channelCache, 0, ch);
          System.arraycopy(nextTime, i * tc, s.timeCache, 0, tc);
          s.channelCacheLength = nextLengths[i];
        }
        return encoded;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * RNN-T greedy search over each stream's T' frames (contract §4): per frame, up to {@link
   * #MAX_SYMBOLS_PER_FRAME} symbols, the prediction network advancing on each. Rows run together in
   * one joiner call and one decoder call per step where the export takes a batch (the older exports
   * fix the decoder's state at batch 1: then row by row); the result is the same either way.
   */
  private void greedy(List<CacheAwareStream> streams, float[] encoded, int d, int frames)
      throws OrtException {
    List<CacheAwareStream> fresh = new ArrayList<>();
    List<Integer> sos = new ArrayList<>();
    for (CacheAwareStream s : streams) {
      if (s.decoderOut == null) {
        fresh.add(s);
        sos.add(s.lastToken);
      }
    }
    predict(fresh, sos);
    for (int t = 0; t < frames; t++) {
      List<Integer> active = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        active.add(i);
      }
      int[] emitted = new int[streams.size()];
      while (!active.isEmpty()) {
        float[][] rowFrames = new float[active.size()][d];
        List<CacheAwareStream> rows = new ArrayList<>();
        for (int r = 0; r < active.size(); r++) {
          int i = active.get(r);
          int offset = i * d * frames;
          for (int k = 0; k < d; k++) {
            rowFrames[r][k] = encoded[offset + k * frames + t];
          }
          rows.add(streams.get(i));
        }
        float[][] logits = join(rowFrames, rows);
        List<Integer> next = new ArrayList<>();
        List<CacheAwareStream> advancing = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        for (int r = 0; r < active.size(); r++) {
          int best = argmax(logits[r]);
          if (best == meta.blank()) {
            continue;
          }
          int i = active.get(r);
          CacheAwareStream s = streams.get(i);
          long globalFrame = s.decodedFrames() + t;
          double start = globalFrame * meta.frameSeconds();
          s.emit(
              new Token(
                  best,
                  this.tokens.piece(best),
                  (int) globalFrame,
                  start,
                  start + meta.frameSeconds(),
                  probability(logits[r], best),
                  this.tokens.isSpecial(best)));
          advancing.add(s);
          tokens.add(best);
          if (++emitted[i] < MAX_SYMBOLS_PER_FRAME) {
            next.add(i);
          }
        }
        predict(advancing, tokens);
        active = next;
      }
    }
  }

  /** Runs the prediction network on each stream's {@code tokens}: new decoder output and state. */
  private void predict(List<CacheAwareStream> streams, List<Integer> tokens) throws OrtException {
    if (streams.isEmpty()) {
      return;
    }
    if (!batchedDecoder || streams.size() == 1) {
      for (int i = 0; i < streams.size(); i++) {
        predictRows(List.of(streams.get(i)), List.of(tokens.get(i)));
      }
      return;
    }
    predictRows(streams, tokens);
  }

  private void predictRows(List<CacheAwareStream> streams, List<Integer> tokens)
      throws OrtException {
    int m = streams.size();
    int layers = meta.predRnnLayers();
    int hidden = meta.predHidden();
    int[] targets = new int[m];
    int[] lengths = new int[m];
    float[] h = new float[layers * m * hidden];
    float[] c = new float[layers * m * hidden];
    for (int r = 0; r < m; r++) {
      targets[r] = tokens.get(r);
      lengths[r] = 1;
      CacheAwareStream s = streams.get(r);
      for (int l = 0; l < layers; l++) {
        System.arraycopy(s.h, l * hidden, h, (l * m + r) * hidden, hidden);
        System.arraycopy(s.c, l * hidden, c, (l * m + r) * hidden, hidden);
      }
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(
          decoderInputs.get(0),
          OnnxTensor.createTensor(env, IntBuffer.wrap(targets), new long[] {m, 1}));
      in.put(
          decoderInputs.get(1),
          OnnxTensor.createTensor(env, IntBuffer.wrap(lengths), new long[] {m}));
      in.put(decoderInputs.get(2), floats(h, layers, m, hidden));
      in.put(decoderInputs.get(3), floats(c, layers, m, hidden));
      try (OrtSession.Result out = decoder.run(in)) {
        float[] outputs = readFloats(out, 0, m * hidden);
        float[] nextH = readFloats(out, 2, layers * m * hidden);
        float[] nextC = readFloats(out, 3, layers * m * hidden);
        for (int r = 0; r < m; r++) {
          CacheAwareStream s = streams.get(r);
          s.decoderOut = java.util.Arrays.copyOfRange(outputs, r * hidden, (r + 1) * hidden);
          for (int l = 0; l < layers; l++) {
            System.arraycopy(nextH, (l * m + r) * hidden, s.h, l * hidden, hidden);
            System.arraycopy(nextC, (l * m + r) * hidden, s.c, l * hidden, hidden);
          }
          s.lastToken = tokens.get(r);
        }
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** The joiner's logits for each row: one encoder frame and its stream's decoder output. */
  private float[][] join(float[][] frames, List<CacheAwareStream> streams) throws OrtException {
    if (!batchedJoiner || frames.length == 1) {
      float[][] out = new float[frames.length][];
      for (int r = 0; r < frames.length; r++) {
        out[r] = joinRows(new float[][] {frames[r]}, List.of(streams.get(r)))[0];
      }
      return out;
    }
    return joinRows(frames, streams);
  }

  private float[][] joinRows(float[][] frames, List<CacheAwareStream> streams) throws OrtException {
    int m = frames.length;
    int d = frames[0].length;
    int hidden = meta.predHidden();
    int v = meta.vocabSize() + 1;
    float[] enc = new float[m * d];
    float[] dec = new float[m * hidden];
    for (int r = 0; r < m; r++) {
      System.arraycopy(frames[r], 0, enc, r * d, d);
      System.arraycopy(streams.get(r).decoderOut, 0, dec, r * hidden, hidden);
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(joinerInputs.get(0), floats(enc, m, d, 1));
      in.put(joinerInputs.get(1), floats(dec, m, hidden, 1));
      try (OrtSession.Result out = joiner.run(in)) {
        float[] all = readFloats(out, 0, m * v);
        float[][] rows = new float[m][];
        for (int r = 0; r < m; r++) {
          rows[r] = java.util.Arrays.copyOfRange(all, r * v, (r + 1) * v);
        }
        return rows;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor floats(float[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
  }

  private OnnxTensor longs(long[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
  }

  private static float[] readFloats(OrtSession.Result out, int index, int expected) {
    FloatBuffer b = ((OnnxTensor) out.get(index)).getFloatBuffer();
    if (b.remaining() != expected) {
      throw new IllegalStateException(
          "model output #" + index + " has " + b.remaining() + " values, expected " + expected);
    }
    float[] v = new float[expected];
    b.get(v);
    return v;
  }

  private static long[] readLongs(OrtSession.Result out, int index, int expected) {
    OnnxTensor t = (OnnxTensor) out.get(index);
    long[] v = new long[expected];
    if (t.getInfo().type == OnnxJavaType.INT32) {
      IntBuffer b = t.getIntBuffer();
      for (int i = 0; i < expected; i++) {
        v[i] = b.get(i);
      }
    } else {
      t.getLongBuffer().get(v);
    }
    return v;
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static float probability(float[] logits, int chosen) {
    double max = logits[chosen];
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return (float) (1 / sum);
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

  /** The contract's inputs and outputs, checked by position (§2, §3). */
  static final class ContractCheck {
    private ContractCheck() {}

    /** Returns the mel bin count F from input 0's shape (0 when it cannot be read). */
    static int encoder(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
        throws OrtException {
      List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
      List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
      if (in.size() != 5 && in.size() != 6) {
        problems.add(
            file
                + ": has "
                + in.size()
                + " inputs, expected 5 (audio_signal, length, cache_last_channel, cache_last_time,"
                + " cache_last_channel_len) or 6 (with prompt_index)");
        return 0;
      }
      expect(in, 0, OnnxJavaType.FLOAT, 3, file, "input", "audio_signal [B, F, T]", problems);
      expect(in, 1, OnnxJavaType.INT64, 1, file, "input", "length [B]", problems);
      expect(in, 2, OnnxJavaType.FLOAT, 4, file, "input", "cache_last_channel", problems);
      expect(in, 3, OnnxJavaType.FLOAT, 4, file, "input", "cache_last_time", problems);
      expect(in, 4, OnnxJavaType.INT64, 1, file, "input", "cache_last_channel_len", problems);
      if (out.size() != 5) {
        problems.add(file + ": has " + out.size() + " outputs, expected 5");
      } else {
        expect(out, 0, OnnxJavaType.FLOAT, 3, file, "output", "outputs [B, D, T']", problems);
        expect(out, 2, OnnxJavaType.FLOAT, 4, file, "output", "cache_last_channel_next", problems);
        expect(out, 3, OnnxJavaType.FLOAT, 4, file, "output", "cache_last_time_next", problems);
      }
      long[] audio = in.get(0).getShape();
      int bins = audio.length == 3 && audio[1] > 0 ? (int) audio[1] : 0;
      if (audio.length == 3 && bins == 0) {
        problems.add(file + ": input #0 (audio_signal) has no fixed mel-bin count in its shape");
      }
      if (meta != null) {
        dims(
            in,
            2,
            file,
            "cache_last_channel",
            problems,
            meta.channelLayers(),
            meta.channelFrames(),
            meta.channelWidth());
        dims(
            in,
            3,
            file,
            "cache_last_time",
            problems,
            meta.timeLayers(),
            meta.timeWidth(),
            meta.timeFrames());
      }
      return bins;
    }

    static void decoder(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
        throws OrtException {
      List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
      List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
      if (in.size() != 4 || out.size() != 4) {
        problems.add(
            file
                + ": has "
                + in.size()
                + " inputs and "
                + out.size()
                + " outputs, expected 4 and 4 (targets, target_length, h, c -> outputs,"
                + " prednet_lengths, h, c)");
        return;
      }
      expect(in, 0, OnnxJavaType.INT32, 2, file, "input", "targets [B, 1]", problems);
      expect(in, 1, OnnxJavaType.INT32, 1, file, "input", "target_length [B]", problems);
      expect(in, 2, OnnxJavaType.FLOAT, 3, file, "input", "h [layers, B, hidden]", problems);
      expect(in, 3, OnnxJavaType.FLOAT, 3, file, "input", "c [layers, B, hidden]", problems);
      expect(out, 0, OnnxJavaType.FLOAT, 3, file, "output", "outputs [B, hidden, 1]", problems);
      if (meta != null && in.size() == 4) {
        long[] h = in.get(2).getShape();
        if (h.length == 3
            && ((h[0] > 0 && h[0] != meta.predRnnLayers())
                || (h[2] > 0 && h[2] != meta.predHidden()))) {
          problems.add(
              file
                  + ": input #2 (h) is "
                  + java.util.Arrays.toString(h)
                  + ", metadata says pred_rnn_layers "
                  + meta.predRnnLayers()
                  + " and pred_hidden "
                  + meta.predHidden());
        }
      }
    }

    static void joiner(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
        throws OrtException {
      List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
      List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
      if (in.size() != 2 || out.isEmpty()) {
        problems.add(
            file
                + ": has "
                + in.size()
                + " inputs and "
                + out.size()
                + " outputs, expected 2 (encoder_outputs, decoder_outputs) and 1 (logits)");
        return;
      }
      expect(in, 0, OnnxJavaType.FLOAT, 3, file, "input", "encoder_outputs [B, D, 1]", problems);
      expect(in, 1, OnnxJavaType.FLOAT, 3, file, "input", "decoder_outputs [B, H, 1]", problems);
      expect(out, 0, OnnxJavaType.FLOAT, 4, file, "output", "outputs [B, 1, 1, V]", problems);
      long[] logits = out.get(0).getShape();
      if (meta != null
          && logits.length == 4
          && logits[3] > 0
          && logits[3] != meta.vocabSize() + 1) {
        problems.add(
            file
                + ": output #0 has "
                + logits[3]
                + " logits, metadata vocab_size "
                + meta.vocabSize()
                + " needs "
                + (meta.vocabSize() + 1));
      }
    }

    private static List<TensorInfo> tensors(
        Map<String, NodeInfo> infos, String file, String kind, List<String> problems) {
      List<TensorInfo> out = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
        if (e.getValue().getInfo() instanceof TensorInfo t) {
          out.add(t);
        } else {
          problems.add(file + ": " + kind + " #" + i + " '" + e.getKey() + "' is not a tensor");
        }
        i++;
      }
      return out;
    }

    private static void expect(
        List<TensorInfo> infos,
        int index,
        OnnxJavaType type,
        int rank,
        String file,
        String kind,
        String what,
        List<String> problems) {
      TensorInfo t = infos.get(index);
      if (t.type != type || t.getShape().length != rank) {
        problems.add(
            file
                + ": "
                + kind
                + " #"
                + index
                + " is "
                + t.type
                + " of rank "
                + t.getShape().length
                + ", expected "
                + what
                + ": "
                + type
                + " of rank "
                + rank);
      }
    }

    private static void dims(
        List<TensorInfo> infos,
        int index,
        String file,
        String what,
        List<String> problems,
        long... expected) {
      long[] shape = infos.get(index).getShape();
      for (int k = 0; k < expected.length && k + 1 < shape.length; k++) {
        if (shape[k + 1] > 0 && shape[k + 1] != expected[k]) {
          problems.add(
              file
                  + ": input #"
                  + index
                  + " ("
                  + what
                  + ") is "
                  + java.util.Arrays.toString(shape)
                  + ", metadata says [B, "
                  + expected[0]
                  + ", "
                  + expected[1]
                  + ", "
                  + expected[2]
                  + "]");
          return;
        }
      }
    }
  }
}
