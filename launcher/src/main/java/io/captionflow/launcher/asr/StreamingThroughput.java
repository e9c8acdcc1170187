package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.cacheaware.CacheAwareMetadata;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.asr.cacheaware.RoundCost;
import io.captionflow.asr.features.KaldiFbank;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --streaming}: N streams of a cache-aware model fed one chunk at a time, as a job
 * feeds live sessions, and decoded in batched rounds (one encoder call for every ready stream, then
 * greedy search per stream), until their audio and the end's padding are decoded. Stream i hears
 * {@link BatchThroughput#speechLikeNoise} with seed i. One JSON line per run: throughput per core
 * (each chunk is encoded once, so a session costs one audio second per second and the sessions a
 * core keeps in real time equal its audio seconds per second), per wall second over the machine's
 * cores and per CPU second of this process (what a core of one's own would do on a shared machine),
 * and where the time went.
 */
final class StreamingThroughput {

  /** The generated model's seed (a test writes the same model to predict its tokens). */
  static final long SEED = 12;

  private final CacheAwareRecognizer recognizer;
  private final double seconds;
  private final int cores;

  StreamingThroughput(CacheAwareRecognizer recognizer, double seconds, int cores) {
    this.recognizer = recognizer;
    this.seconds = seconds;
    this.cores = cores;
  }

  /** Tokens each stream got, and what the run cost. */
  record Run(
      long[] tokens,
      int rounds,
      long encoderFrames,
      long featureNanos,
      long encoderNanos,
      long greedyNanos,
      long wallNanos,
      long cpuNanos) {}

  /**
   * One round of {@code streams} fresh streams, so ONNX Runtime's first-call setup is not timed.
   */
  void warmUp(int streams) {
    List<CacheAwareStream> warm = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      CacheAwareStream s = recognizer.newStream();
      s.inputFinished(); // the padding alone makes one whole window
      warm.add(s);
    }
    recognizer.decode(warm.stream().filter(CacheAwareStream::isReady).toList());
  }

  /** Feeds {@code streams} streams chunk by chunk and decodes them in rounds. */
  Run run(int streams) {
    CacheAwareMetadata meta = recognizer.metadata();
    int chunk = meta.chunkShift() * KaldiFbank.FRAME_SHIFT;
    List<float[]> audio = new ArrayList<>();
    List<CacheAwareStream> live = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      audio.add(BatchThroughput.speechLikeNoise(i, seconds));
      live.add(recognizer.newStream());
    }
    int samples = audio.get(0).length;
    long[] tokens = new long[streams];
    int rounds = 0;
    long encoderFrames = 0;
    long featureNanos = 0;
    long encoderNanos = 0;
    long greedyNanos = 0;
    long cpuStart = BatchThroughput.processCpuNanos();
    long start = System.nanoTime();
    int fed = 0;
    boolean finished = false;
    while (!finished) {
      long t0 = System.nanoTime();
      if (fed < samples) {
        int n = Math.min(chunk, samples - fed);
        for (int i = 0; i < streams; i++) {
          live.get(i).accept(audio.get(i), fed, n);
        }
        fed += n;
      } else {
        live.forEach(CacheAwareStream::inputFinished);
        finished = true;
      }
      featureNanos += System.nanoTime() - t0;
      while (true) {
        List<CacheAwareStream> ready = live.stream().filter(CacheAwareStream::isReady).toList();
        if (ready.isEmpty()) {
          break;
        }
        RoundCost cost = recognizer.decodeRound(ready);
        rounds++;
        encoderFrames += (long) cost.streams() * meta.framesPerChunk();
        encoderNanos += cost.encoderNanos();
        greedyNanos += cost.greedyNanos();
        for (int i = 0; i < streams; i++) {
          tokens[i] += live.get(i).takeTokens().size();
        }
      }
    }
    return new Run(
        tokens,
        rounds,
        encoderFrames,
        featureNanos,
        encoderNanos,
        greedyNanos,
        System.nanoTime() - start,
        BatchThroughput.processCpuNanos() - cpuStart);
  }

  /**
   * One JSON line for a run, compared with speedy's sessions per core (per wall second over the
   * cores, and per CPU second; NaN: no comparison).
   */
  ObjectNode line(Run run, double speedySessionsPerCore, double speedySessionsPerCpuCore) {
    CacheAwareMetadata meta = recognizer.metadata();
    int streams = run.tokens().length;
    double wall = run.wallNanos() / 1e9;
    double audioSeconds = streams * seconds;
    double throughput = audioSeconds / wall;
    long tokens = 0;
    for (long t : run.tokens()) {
      tokens += t;
    }
    ObjectNode line = BatchThroughput.JSON.createObjectNode();
    line.put("mode", "streaming");
    line.put("chunkMs", meta.chunkMillis());
    line.put("streams", streams);
    line.put("secondsPerStream", seconds);
    line.put("rounds", run.rounds());
    line.put("encoderFrames", run.encoderFrames());
    line.put("tokens", tokens);
    ArrayNode perStream = line.putArray("tokensPerStream");
    for (long t : run.tokens()) {
      perStream.add(t);
    }
    line.put("wallSeconds", BatchThroughput.round(wall));
    line.put("cores", cores);
    line.put("cpuSeconds", BatchThroughput.round(run.cpuNanos() / 1e9));
    // how much of the machine the run had: below 1 when others ran too
    line.put(
        "cpuShareOfCores",
        BatchThroughput.round(run.cpuNanos() / (double) run.wallNanos() / cores));
    line.put("audioSecondsPerSecond", BatchThroughput.round(throughput));
    line.put("audioSecondsPerSecondPerCore", BatchThroughput.round(throughput / cores));
    line.put("realTimeSessionsPerCore", BatchThroughput.round(throughput / cores));
    Double perCpuSecond = BatchThroughput.perCpuSecond(audioSeconds, run.cpuNanos(), 1);
    line.put("audioSecondsPerCpuSecond", perCpuSecond);
    // all N sessions would keep pace: the rounds went faster than the audio came
    line.put("keepsPace", throughput >= streams);
    line.put("encoderMsPerRound", BatchThroughput.round(run.encoderNanos() / 1e6 / run.rounds()));
    line.put("encoderShare", BatchThroughput.round(run.encoderNanos() / (double) run.wallNanos()));
    line.put("greedyShare", BatchThroughput.round(run.greedyNanos() / (double) run.wallNanos()));
    line.put("featuresShare", BatchThroughput.round(run.featureNanos() / (double) run.wallNanos()));
    SpeedyCapacity.putOrNull(line, "speedySessionsPerCore", speedySessionsPerCore);
    SpeedyCapacity.putOrNull(line, "timesSpeedy", throughput / cores / speedySessionsPerCore);
    SpeedyCapacity.putOrNull(line, "speedySessionsPerCpuCore", speedySessionsPerCpuCore);
    SpeedyCapacity.putOrNull(
        line,
        "timesSpeedyPerCpuSecond",
        perCpuSecond == null ? Double.NaN : perCpuSecond / speedySessionsPerCpuCore);
    return line;
  }
}
