package io.captionflow.inference.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Speedy's sessions in real time on this machine, computed as the README's "Sizing" does from
 * {@code bench --batch}: speedy encodes and decodes {@code encoderFactor} audio seconds per audio
 * second (its 8 s window every 0.2 s; {@code stream-bench} measures 37.6 on the fixture session),
 * so a model that encodes E and decodes D audio seconds per second at one batch size serves 1 / (F
 * / E + F / D) sessions. E is the encoder's throughput at 24 layers, extrapolated from the
 * synthetic model's measured layers by multiply-accumulates.
 */
record SpeedyCapacity(
    int batch,
    double encoderAudioSecondsPerSecond,
    double decoderAudioSecondsPerSecond,
    double encoderFactor,
    int cores) {

  /** Speedy's figures from one {@link BatchThroughput#measure} line. */
  static SpeedyCapacity from(ObjectNode batchLine, double encoderFactor, int cores) {
    return new SpeedyCapacity(
        batchLine.get("batch").asInt(),
        batchLine.get("extrapolatedTo24Layers").get("encoderAudioSecondsPerSecond").asDouble(),
        batchLine.get("decoderAudioSecondsPerSecond").asDouble(),
        encoderFactor,
        cores);
  }

  double sessions() {
    return 1
        / (encoderFactor / encoderAudioSecondsPerSecond
            + encoderFactor / decoderAudioSecondsPerSecond);
  }

  double sessionsPerCore() {
    return sessions() / cores;
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
    return line;
  }
}
