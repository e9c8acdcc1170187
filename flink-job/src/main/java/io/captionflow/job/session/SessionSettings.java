package io.captionflow.job.session;

import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.wire.StartSettings;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A session's effective settings: its mode with any per-parameter overrides applied. Built from a
 * START event (or the job defaults); an override that makes no sense is refused with a message
 * naming it.
 */
public record SessionSettings(
    String language,
    LatencyMode mode,
    double bufferSeconds,
    double intervalSeconds,
    double confirmSeconds,
    boolean pauseDetection,
    boolean diarization,
    int maxSpeakers,
    int agreement) {

  public SessionSettings {
    if (agreement < 1 || agreement > 5) {
      throw new IllegalArgumentException("agreement must be 1 to 5 hypotheses, got " + agreement);
    }
    if (mode == LatencyMode.CHUNKED && agreement != 1) {
      throw new IllegalArgumentException(
          "chunked mode decodes each stretch of audio once: agreement must be 1, got " + agreement);
    }
    if (!(intervalSeconds > 0)) {
      throw new IllegalArgumentException("intervalSeconds must be > 0, got " + intervalSeconds);
    }
    if (!(confirmSeconds >= 0)) {
      throw new IllegalArgumentException("confirmSeconds must be >= 0, got " + confirmSeconds);
    }
    if (!(bufferSeconds >= 1.0) || bufferSeconds > 60) {
      throw new IllegalArgumentException("bufferSeconds must be in [1, 60], got " + bufferSeconds);
    }
    if (confirmSeconds + intervalSeconds >= bufferSeconds) {
      throw new IllegalArgumentException(
          "confirmSeconds + intervalSeconds ("
              + confirmSeconds
              + " + "
              + intervalSeconds
              + ") must be below bufferSeconds "
              + bufferSeconds
              + " or no word would ever be confirmed");
    }
    StartSettings.requireSpeakers(diarization, maxSpeakers);
    if (mode == LatencyMode.CHUNKED
        && (!onFrameGrid(intervalSeconds)
            || !onFrameGrid(confirmSeconds)
            || !onFrameGrid(bufferSeconds))) {
      throw new IllegalArgumentException(
          "chunked mode needs buffer/interval/confirm on the 0.08 s frame grid, got "
              + bufferSeconds
              + "/"
              + intervalSeconds
              + "/"
              + confirmSeconds);
    }
  }

  public static SessionSettings of(LatencyMode mode) {
    return new SessionSettings(
        null,
        mode,
        mode.bufferSeconds(),
        mode.intervalSeconds(),
        mode.confirmSeconds(),
        mode.pauseDetection(),
        false,
        4,
        mode.agreement());
  }

  /**
   * The settings a START event asks for, checked against the wire contract first; {@code
   * defaultMode} when it names none.
   */
  public static SessionSettings fromEvent(SessionEvent event, LatencyMode defaultMode) {
    StartSettings announced = StartSettings.of(event);
    LatencyMode mode =
        announced.latencyMode() == null ? defaultMode : LatencyMode.fromId(announced.latencyMode());
    return new SessionSettings(
        announced.language(),
        mode,
        event.getBufferSeconds() != null ? event.getBufferSeconds() : mode.bufferSeconds(),
        event.getIntervalSeconds() != null ? event.getIntervalSeconds() : mode.intervalSeconds(),
        event.getConfirmSeconds() != null ? event.getConfirmSeconds() : mode.confirmSeconds(),
        event.getPauseDetection() != null ? event.getPauseDetection() : mode.pauseDetection(),
        announced.diarization(),
        announced.maxSpeakers(),
        event.getAgreement() != null ? event.getAgreement() : mode.agreement());
  }

  /** The same settings with the given diarization (on/off and max speakers). */
  public SessionSettings withDiarization(boolean on, int speakers) {
    return new SessionSettings(
        language,
        mode,
        bufferSeconds,
        intervalSeconds,
        confirmSeconds,
        pauseDetection,
        on,
        speakers,
        agreement);
  }

  /**
   * Another latency mode with that mode's own parameters; language and diarization stay (the lag
   * budget's cheaper mode).
   */
  public SessionSettings withMode(LatencyMode m) {
    SessionSettings d = of(m);
    return new SessionSettings(
        language,
        m,
        d.bufferSeconds,
        d.intervalSeconds,
        d.confirmSeconds,
        d.pauseDetection,
        diarization,
        maxSpeakers,
        d.agreement);
  }

  /** The same settings with another agreement count. */
  public SessionSettings withAgreement(int k) {
    return new SessionSettings(
        language,
        mode,
        bufferSeconds,
        intervalSeconds,
        confirmSeconds,
        pauseDetection,
        diarization,
        maxSpeakers,
        k);
  }

  public boolean lookahead() {
    return mode.lookahead();
  }

  public boolean chunked() {
    return mode == LatencyMode.CHUNKED;
  }

  public boolean streaming() {
    return mode.streaming();
  }

  public long bufferSamples() {
    return seconds(bufferSeconds);
  }

  public long intervalSamples() {
    return seconds(intervalSeconds);
  }

  public long confirmSamples() {
    return seconds(confirmSeconds);
  }

  /** Left context of the chunked mode. */
  public long leftContextSamples() {
    return bufferSamples() - intervalSamples() - confirmSamples();
  }

  static long seconds(double s) {
    return Math.round(s * AudioRing.SAMPLE_RATE);
  }

  private static boolean onFrameGrid(double seconds) {
    return seconds(seconds) % AudioRing.FRAME_SAMPLES == 0;
  }

  void write(DataOutput out) throws IOException {
    out.writeBoolean(language != null);
    if (language != null) {
      out.writeUTF(language);
    }
    out.writeUTF(mode.name());
    out.writeDouble(bufferSeconds);
    out.writeDouble(intervalSeconds);
    out.writeDouble(confirmSeconds);
    out.writeBoolean(pauseDetection);
    out.writeBoolean(diarization);
    out.writeInt(maxSpeakers);
    out.writeInt(agreement);
  }

  /**
   * {@code withAgreement}: false for state written before agreement existed (formats 1 and 2); such
   * a session goes on confirming by the time rule alone, as it did.
   */
  static SessionSettings read(DataInput in, boolean withAgreement) throws IOException {
    String language = in.readBoolean() ? in.readUTF() : null;
    return new SessionSettings(
        language,
        LatencyMode.valueOf(in.readUTF()),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readBoolean(),
        in.readBoolean(),
        in.readInt(),
        withAgreement ? in.readInt() : 1);
  }
}
