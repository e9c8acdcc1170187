package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code bench --batch}: encoder and TDT decoder throughput of one model at several batch sizes,
 * one JSON line per size. Audio: seeded noise with a 4 Hz syllable envelope (the synthetic model
 * needs frames that differ, not words). Encoder throughput at 24 layers is extrapolated from the
 * measured layers by multiply-accumulates per frame (front + layers × layer), the decoder's is
 * independent of the encoder depth. Throughput is given per wall second and per CPU second of this
 * process (all its threads): on a shared machine the second is what a core of one's own would do.
 */
final class BatchThroughput {

  private static final int SAMPLE_RATE = 16_000;
  static final ObjectMapper JSON = new ObjectMapper();

  private final ParakeetRecognizer recognizer;
  private final SyntheticParakeet.Shape shape;
  private final double windowSeconds;
  private final int repeat;

  BatchThroughput(
      ParakeetRecognizer recognizer,
      SyntheticParakeet.Shape shape,
      double windowSeconds,
      int repeat) {
    this.recognizer = recognizer;
    this.shape = shape;
    this.windowSeconds = windowSeconds;
    this.repeat = repeat;
  }

  static float[] speechLikeNoise(long seed, double seconds) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] audio = new float[(int) Math.round(seconds * SAMPLE_RATE)];
    double phase = random.nextDouble(2 * Math.PI);
    for (int i = 0; i < audio.length; i++) {
      double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * i / SAMPLE_RATE + phase);
      audio[i] = (float) (0.1 * envelope * (random.nextDouble() * 2 - 1));
    }
    return audio;
  }

  /** Two full windows through both models, so no timing includes ONNX or JIT warm-up. */
  void warmUp() {
    for (int i = 0; i < 2; i++) {
      decode(recognizer.encodeBatch(List.of(speechLikeNoise(-1 - i, windowSeconds))));
    }
  }

  /**
   * Measures one batch size: one encoder call for all windows, one batched decode, and the same
   * rows decoded one batch-1 loop after the other; the best of {@code repeat} runs of each.
   */
  ObjectNode measure(int batch) {
    List<float[]> windows = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      windows.add(speechLikeNoise(b, windowSeconds));
    }
    double audioSeconds = batch * windowSeconds;
    long encodeNs = Long.MAX_VALUE;
    long decodeNs = Long.MAX_VALUE;
    long loopsNs = Long.MAX_VALUE;
    long encodeCpuNs = Long.MAX_VALUE;
    long decodeCpuNs = Long.MAX_VALUE;
    List<EncodedAudio> encoded = List.of();
    List<DecodeResult> decoded = List.of();
    for (int r = 0; r < repeat; r++) {
      long cpuA = processCpuNanos();
      long a = System.nanoTime();
      encoded = recognizer.encodeBatch(windows);
      long cpuB = processCpuNanos();
      long b = System.nanoTime();
      decoded = decode(encoded);
      long c = System.nanoTime();
      long cpuC = processCpuNanos();
      for (EncodedAudio e : encoded) { // the same rows, one batch-1 loop after the other
        decode(List.of(e));
      }
      long d = System.nanoTime();
      encodeNs = Math.min(encodeNs, b - a);
      decodeNs = Math.min(decodeNs, c - b);
      loopsNs = Math.min(loopsNs, d - c);
      encodeCpuNs = Math.min(encodeCpuNs, cpuB - cpuA);
      decodeCpuNs = Math.min(decodeCpuNs, cpuC - cpuB);
    }
    int tokens = decoded.stream().mapToInt(d -> d.tokens().size()).sum();
    int frames = encoded.get(0).length();
    double encoderThroughput = audioSeconds / (encodeNs / 1e9);
    double decoderThroughput = audioSeconds / (decodeNs / 1e9);
    double loopsThroughput = audioSeconds / (loopsNs / 1e9);
    double macsMeasured =
        shape.frontMacsPerFrame() + shape.layers() * shape.layerMacsPerFrame(frames);
    double macs24 = shape.frontMacsPerFrame() + 24.0 * shape.layerMacsPerFrame(frames);
    double framesPerSecond = frames / windowSeconds;

    ObjectNode line = JSON.createObjectNode();
    line.put("batch", batch);
    line.put("windowSeconds", windowSeconds);
    line.put("layers", shape.layers());
    line.put("encoderAudioSecondsPerSecond", round(encoderThroughput));
    line.put("decoderAudioSecondsPerSecond", round(decoderThroughput));
    line.put("encoderAudioSecondsPerCpuSecond", perCpuSecond(audioSeconds, encodeCpuNs, 1));
    line.put("decoderAudioSecondsPerCpuSecond", perCpuSecond(audioSeconds, decodeCpuNs, 1));
    line.put("decoderBatch1LoopsAudioSecondsPerSecond", round(loopsThroughput));
    line.put("decoderSpeedupOverBatch1Loops", round(decoderThroughput / loopsThroughput));
    line.put("tokensPerAudioSecond", round(tokens / audioSeconds));
    line.put("decoderMsPerFrame", round(decodeNs / 1e6 / frames));
    line.put("encoderGmacPerAudioSecond", round(macsMeasured * framesPerSecond / 1e9));
    ObjectNode at24 = line.putObject("extrapolatedTo24Layers");
    at24.put("encoderAudioSecondsPerSecond", round(encoderThroughput * macsMeasured / macs24));
    at24.put(
        "encoderAudioSecondsPerCpuSecond",
        perCpuSecond(audioSeconds, encodeCpuNs, macsMeasured / macs24));
    at24.put("encoderGmacPerAudioSecond", round(macs24 * framesPerSecond / 1e9));
    return line;
  }

  private List<DecodeResult> decode(List<EncodedAudio> encoded) {
    List<DecodeRequest> requests = new ArrayList<>();
    for (EncodedAudio e : encoded) {
      requests.add(new DecodeRequest(e, 0, e.length(), DecoderState.initial()));
    }
    return recognizer.decodeBatch(requests);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /**
   * {@code amount × scale} per CPU second, rounded; null when the CPU clock did not tick (it counts
   * in steps of 10 ms on Linux).
   */
  static Double perCpuSecond(double amount, long cpuNanos, double scale) {
    return cpuNanos <= 0 ? null : round(amount / (cpuNanos / 1e9) * scale);
  }

  /** CPU time of every thread of this process (ONNX Runtime's included), in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void print(PrintWriter out, ObjectNode line) {
    try {
      out.println(JSON.writeValueAsString(line));
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
