package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.SyntheticCacheAware;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow bench}: prints front-end, decoding (fixture model or --model) and VAD costs on
 * this machine; {@code --batch} the offline model's batched throughput, {@code --streaming} the
 * cache-aware model's sessions per core beside speedy's.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the log-mel front end, encoder+TDT decoding and VAD on synthetic audio; prints numbers only.")
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--seconds",
      description = "audio length per run (default 60; with --streaming: per stream, default 10)")
  Integer seconds;

  @Option(
      names = "--window",
      defaultValue = "10",
      description = "seconds per recognizer call (default ${DEFAULT-VALUE})")
  int window;

  @Option(
      names = "--model",
      description = "a real model directory instead of the fixture (speech accuracy not measured)")
  Path model;

  @Option(
      names = "--vad-model",
      description =
          "silero_vad_v5.onnx (default: $SILERO_VAD_MODEL or ~/.cache/captionflow/silero_vad_v5.onnx)")
  Path vadModel;

  @Option(
      names = "--batch",
      description =
          "instead: encoder and decoder throughput per batch size of the synthetic model (or"
              + " --model), one JSON line per size")
  boolean batch;

  @Option(
      names = "--batch-sizes",
      split = ",",
      description =
          "with --batch: the batch sizes (default 1,4,16,32); with --streaming: the streams decoded"
              + " together (default 1,8,32)")
  List<Integer> batchSizes;

  @Option(
      names = "--streaming",
      description =
          "instead: sessions per core of the synthetic cache-aware model (nemotron-0.6B size, or"
              + " --model DIR) fed chunk by chunk and decoded in batched rounds, beside speedy's;"
              + " one JSON line for speedy, then one per chunk size and batch")
  boolean streaming;

  @Option(
      names = "--chunk-ms",
      split = ",",
      description = "with --streaming: the synthetic model's chunk sizes (default 160,560)")
  List<Integer> chunkMs;

  @Option(
      names = "--tiny",
      description =
          "with --streaming: the tiny synthetic models (cache-aware and speedy's) instead of"
              + " full-size ones, for a quick check; their sessions per core say nothing")
  boolean tiny;

  @Option(
      names = "--speedy-sessions-per-core",
      paramLabel = "S",
      description =
          "with --streaming: speedy's sessions per core to compare with, instead of measuring"
              + " them (bench --batch at batch 16, 24 layers extrapolated)")
  Double speedySessionsPerCore;

  @Option(
      names = "--speedy-encoder-factor",
      paramLabel = "F",
      defaultValue = "37.6",
      description =
          "with --streaming: audio seconds speedy encodes per audio second (stream-bench's"
              + " encoder factor; default ${DEFAULT-VALUE})")
  double speedyEncoderFactor;

  @Option(
      names = "--layers",
      defaultValue = "2",
      description =
          "with --batch: conformer layers of the synthetic model generated for the run (default"
              + " ${DEFAULT-VALUE}; 24 is extrapolated)")
  int layers;

  @Option(
      names = "--repeat",
      defaultValue = "2",
      description =
          "with --batch: runs per batch size, the fastest counts (default ${DEFAULT-VALUE})")
  int repeat;

  @Option(
      names = "--device",
      description =
          "with --batch: cpu, cuda or cuda:N (default: $CAPTIONFLOW_DEVICE or cpu); needs the -Pgpu"
              + " build for CUDA")
  String device;

  @Option(
      names = "--precision",
      description =
          "with --batch and --model: fp32, fp16 or int8 model files (default: $CAPTIONFLOW_PRECISION"
              + " or fp32; the generated model is fp32)")
  String precision;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (batch && streaming) {
      throw new ParameterException(spec.commandLine(), "--batch and --streaming: choose one");
    }
    if (batch) {
      return batchThroughput(out, spec.commandLine().getErr());
    }
    if (streaming) {
      return streamingThroughput(out, spec.commandLine().getErr());
    }
    ComponentCosts.print(out, seconds == null ? 60 : seconds, window, model, vadModel);
    out.flush();
    return 0;
  }

  private int batchThroughput(PrintWriter out, PrintWriter err) throws IOException {
    List<Integer> batchSizes = this.batchSizes == null ? List.of(1, 4, 16, 32) : this.batchSizes;
    if (layers < 1 || repeat < 1 || batchSizes.stream().anyMatch(b -> b < 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "--layers, --repeat and every --batch-sizes value must be at least 1, got layers="
              + layers
              + " repeat="
              + repeat
              + " batch sizes="
              + batchSizes);
    }
    RecognizerConfig config = config();
    if (model == null && config.precision() != RecognizerConfig.Precision.FP32) {
      throw new ParameterException(
          spec.commandLine(),
          "the generated synthetic model is fp32: --precision "
              + config.precision().id()
              + " needs --model DIR with those files");
    }
    Path dir = model;
    Path generated = null;
    SyntheticParakeet.Shape shape;
    if (dir == null) {
      generated = Files.createTempDirectory("captionflow-synthetic");
      dir = generated;
      shape = SyntheticParakeet.Shape.parakeet(layers);
      err.printf(Locale.ROOT, "writing a synthetic model with %d layers to %s%n", layers, dir);
      err.flush();
      SyntheticParakeet.write(dir, shape, 12);
    } else {
      shape = SyntheticParakeet.Shape.parakeet(SyntheticParakeet.layersOf(dir).orElse(24));
    }
    err.printf(
        Locale.ROOT,
        "load average before: %s; %d cores; encoder throughput at 24 layers = measured x"
            + " MACs(front + %d layers) / MACs(front + 24 layers) per frame%n",
        BatchThroughput.loadAverage(),
        Runtime.getRuntime().availableProcessors(),
        shape.layers());
    err.flush();
    RecognizerConfig onDir =
        new RecognizerConfig(dir, config.precision(), config.device(), 0, config.cudaDevice());
    try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(onDir)) {
      BatchThroughput bench = new BatchThroughput(recognizer, shape, window, repeat);
      bench.warmUp();
      for (int size : batchSizes) {
        ObjectNode line = bench.measure(size);
        line.put("device", onDir.deviceId());
        line.put("precision", onDir.precision().id());
        line.put("loadAverage", BatchThroughput.loadAverage());
        BatchThroughput.print(out, line);
      }
    } finally {
      if (generated != null) {
        deleteTree(generated);
      }
    }
    return 0;
  }

  /** The environment's recognizer settings with --precision and --device applied. */
  private RecognizerConfig config() {
    try {
      RecognizerConfig config = RecognizerConfig.fromEnvironment(System.getenv());
      if (precision != null) {
        config = config.withPrecision(RecognizerConfig.parsePrecision(precision));
      }
      if (device != null) {
        config = config.withDevice(device);
      }
      return config;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private int streamingThroughput(PrintWriter out, PrintWriter err) throws IOException {
    List<Integer> streams = batchSizes == null ? List.of(1, 8, 32) : batchSizes;
    int perStream = seconds == null ? 10 : seconds;
    if (perStream < 1 || repeat < 1 || streams.stream().anyMatch(b -> b < 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "--seconds, --repeat and every --batch-sizes value must be at least 1, got seconds="
              + perStream
              + " repeat="
              + repeat
              + " batch sizes="
              + streams);
    }
    if (model != null && chunkMs != null) {
      throw new ParameterException(
          spec.commandLine(), "--chunk-ms sizes a generated model; --model DIR has its own chunk");
    }
    List<SyntheticCacheAware.ChunkSize> chunks = new ArrayList<>();
    try {
      for (int ms : chunkMs == null ? List.of(160, 560) : chunkMs) {
        chunks.add(new SyntheticCacheAware.ChunkSize(ms));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (speedySessionsPerCore != null && speedySessionsPerCore <= 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--speedy-sessions-per-core must be positive, got " + speedySessionsPerCore);
    }
    RecognizerConfig config = config();
    if (config.precision() != RecognizerConfig.Precision.FP32 && model == null) {
      throw new ParameterException(
          spec.commandLine(),
          "the generated synthetic model is fp32: --precision "
              + config.precision().id()
              + " needs --model DIR with those files");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    err.printf(
        Locale.ROOT, "load average before: %s; %d cores%n", BatchThroughput.loadAverage(), cores);
    err.flush();
    // a given figure stands for both comparisons: it says nothing of the CPU it was measured on
    double speedy;
    double speedyPerCpu;
    if (speedySessionsPerCore != null) {
      speedy = speedySessionsPerCore;
      speedyPerCpu = speedySessionsPerCore;
    } else {
      SpeedyCapacity measured = measureSpeedy(out, err, config, cores);
      speedy = measured.sessionsPerCore();
      speedyPerCpu = measured.sessionsPerCpuCore();
    }
    SyntheticCacheAware.Shape shape =
        tiny ? SyntheticCacheAware.Shape.TINY : SyntheticCacheAware.Shape.NEMOTRON_0_6B;
    for (SyntheticCacheAware.ChunkSize chunk : model != null ? List.of(chunks.get(0)) : chunks) {
      Path dir = model;
      Path generated = null;
      if (dir == null) {
        generated = Files.createTempDirectory("captionflow-synthetic-cache-aware");
        dir = generated;
        err.printf(
            Locale.ROOT,
            "writing a synthetic cache-aware model (%d layers of %d, %d ms chunks) to %s%n",
            shape.layers(),
            shape.dModel(),
            chunk.ms(),
            dir);
        err.flush();
        SyntheticCacheAware.write(dir, shape, chunk, StreamingThroughput.SEED);
      }
      RecognizerConfig onDir =
          new RecognizerConfig(dir, config.precision(), config.device(), 0, config.cudaDevice());
      try (CacheAwareRecognizer recognizer = CacheAwareRecognizer.load(onDir)) {
        StreamingThroughput bench = new StreamingThroughput(recognizer, perStream, cores);
        for (int n : streams) {
          bench.warmUp(n);
          ObjectNode line = bench.line(bench.run(n), speedy, speedyPerCpu);
          line.put("model", model != null ? model.toString() : tiny ? "tiny" : "nemotron-0.6b");
          line.put("device", onDir.deviceId());
          line.put("loadAverage", BatchThroughput.loadAverage());
          BatchThroughput.print(out, line);
        }
      } finally {
        if (generated != null) {
          deleteTree(generated);
        }
      }
    }
    return 0;
  }

  /** Speedy's sessions from bench --batch at batch 16 with the 2-layer synthetic Parakeet. */
  private SpeedyCapacity measureSpeedy(
      PrintWriter out, PrintWriter err, RecognizerConfig config, int cores) throws IOException {
    SyntheticParakeet.Shape shape =
        tiny ? SyntheticParakeet.Shape.tiny(2) : SyntheticParakeet.Shape.parakeet(2);
    Path dir = Files.createTempDirectory("captionflow-synthetic");
    try {
      err.printf(Locale.ROOT, "writing speedy's synthetic model (2 layers) to %s%n", dir);
      err.flush();
      SyntheticParakeet.write(dir, shape, 12);
      RecognizerConfig onDir =
          new RecognizerConfig(
              dir, RecognizerConfig.Precision.FP32, config.device(), 0, config.cudaDevice());
      try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(onDir)) {
        BatchThroughput bench = new BatchThroughput(recognizer, shape, window, repeat);
        bench.warmUp();
        SpeedyCapacity speedy =
            SpeedyCapacity.from(bench.measure(SPEEDY_BATCH), speedyEncoderFactor, cores);
        ObjectNode line = speedy.line();
        line.put("model", tiny ? "tiny" : "parakeet-synthetic");
        line.put("loadAverage", BatchThroughput.loadAverage());
        BatchThroughput.print(out, line);
        return speedy;
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** The batch the README's sizing reads speedy's decoder throughput at. */
  private static final int SPEEDY_BATCH = 16;

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
