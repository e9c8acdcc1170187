package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Speedy's sessions in real time on this machine, computed as the README's "Sizing" does from
 * {@code bench --batch}: speedy encodes and decodes {@code encoderFactor} audio seconds per audio
 * second (its 8 s window every 0.2 s; {@code stream-bench} measures 37.6 on the fixture session),
 * so a model that encodes E and decodes D audio seconds per second at one batch size serves 1 / (F
 * / E + F / D) sessions. E is the encoder's throughput at 24 layers, extrapolated from the
 * synthetic model's measured layers by multiply-accumulates. The same from E and D per CPU second
 * gives the sessions a core of one's own serves, whatever else the machine runs (NaN when not
 * measured).
 */
record SpeedyCapacity(
    int batch,
    double encoderAudioSecondsPerSecond,
    double decoderAudioSecondsPerSecond,
    double encoderAudioSecondsPerCpuSecond,
    double decoderAudioSecondsPerCpuSecond,
    double encoderFactor,
    int cores) {

  /** Speedy's figures from one {@link BatchThroughput#measure} line. */
  static SpeedyCapacity from(ObjectNode batchLine, double encoderFactor, int cores) {
    JsonNode at24 = batchLine.get("extrapolatedTo24Layers");
    return new SpeedyCapacity(
        batchLine.get("batch").asInt(),
        at24.get("encoderAudioSecondsPerSecond").asDouble(),
        batchLine.get("decoderAudioSecondsPerSecond").asDouble(),
        number(at24.get("encoderAudioSecondsPerCpuSecond")),
        number(batchLine.get("decoderAudioSecondsPerCpuSecond")),
        encoderFactor,
        cores);
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
  }

  double sessions() {
    return sessions(encoderAudioSecondsPerSecond, decoderAudioSecondsPerSecond);
  }

  double sessionsPerCore() {
    return sessions() / cores;
  }

  /** Sessions one fully used core serves (NaN when the CPU figures are missing). */
  double sessionsPerCpuCore() {
    return sessions(encoderAudioSecondsPerCpuSecond, decoderAudioSecondsPerCpuSecond);
  }

  private double sessions(double encoder, double decoder) {
    return 1 / (encoderFactor / encoder + encoderFactor / decoder);
  }

  ObjectNode line() {
    ObjectNode line = BatchThroughput.JSON.createObjectNode();
    line.put("mode", "speedy");
    line.put("batch", batch);
    line.put("layers", 24);
    line.put("encoderAudioSecondsPerSecond", encoderAudioSecondsPerSecond);
    line.put("decoderAudioSecondsPerSecond", decoderAudioSecondsPerSecond);
    line.put("encoderFactor", encoderFactor);
    line.put("cores", cores);
    line.put("sessions", BatchThroughput.round(sessions()));
    line.put("sessionsPerCore", BatchThroughput.round(sessionsPerCore()));
    putOrNull(line, "encoderAudioSecondsPerCpuSecond", encoderAudioSecondsPerCpuSecond);
    putOrNull(line, "decoderAudioSecondsPerCpuSecond", decoderAudioSecondsPerCpuSecond);
    putOrNull(line, "sessionsPerCpuCore", sessionsPerCpuCore());
    return line;
  }

  /** A figure, rounded, or null when it is NaN (not measured). */
  static void putOrNull(ObjectNode line, String field, double value) {
    if (Double.isNaN(value)) {
      line.putNull(field);
    } else {
      line.put(field, BatchThroughput.round(value));
    }
  }
}
