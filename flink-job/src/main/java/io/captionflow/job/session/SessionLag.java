package io.captionflow.job.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * One session's standing against the {@link LagBudget}: whether it was told it lags, the mode it
 * asked for before it fell back to a cheaper one, and whether (and how much) audio it is skipping.
 * Kept in keyed state, so a restored job goes on with the decisions already taken.
 */
final class SessionLag {

  private static final int FORMAT = 1;

  /**
   * What to do with the chunk just observed: a status reason to report (null: none), a mode to fall
   * back to (null: none), whether to replace its audio with silence, and whether decoding restarts
   * before it (where skipping begins or ends).
   */
  record Verdict(String status, LatencyMode fallBackTo, boolean skip, boolean restart) {
    static final Verdict KEEP = new Verdict(null, null, false, false);

    Verdict(String status, LatencyMode fallBackTo, boolean skip) {
      this(status, fallBackTo, skip, false);
    }
  }

  /** Audio over which the lag's trend is judged (a bundle makes single chunks' lag jumpy). */
  static final long TREND_SAMPLES = 2L * AudioRing.SAMPLE_RATE;

  private boolean warned;
  private LatencyMode requestedMode;
  private boolean skipping;
  private long skippedSamples;

  // The trend: lag at an earlier point of the audio. In memory only: a restored session judges
  // the trend afresh.
  private long trendFromSample = -1;
  private long trendFromLag;
  private long previousTrendLag = -1;

  /**
   * Judges a chunk of {@code samples} samples starting at session sample {@code atSample}, captured
   * {@code lagMillis} before now, for a session running in {@code mode} and {@code speaking} (or in
   * a pause) as the chunk begins.
   */
  Verdict observe(
      LagBudget budget,
      long lagMillis,
      LatencyMode mode,
      boolean speaking,
      long atSample,
      int samples) {
    long warnMillis = budget.warn().toMillis();
    long actMillis = budget.act().toMillis();
    if (trendFromSample < 0 || atSample - trendFromSample >= TREND_SAMPLES) {
      previousTrendLag = trendFromSample < 0 ? -1 : trendFromLag;
      trendFromSample = atSample;
      trendFromLag = lagMillis;
    }
    if (skipping) {
      // skip until well within budget (at the warning), or resuming would tip it straight back over
      long resumeBelow = warnMillis > 0 ? warnMillis : actMillis / 2;
      if (lagMillis > resumeBelow) {
        skippedSamples += samples;
        return new Verdict(null, null, true);
      }
      skipping = false;
      return new Verdict(
          String.format(
              Locale.ROOT,
              "back within the lag budget: %.1f s behind capture; %.1f s of audio skipped so far",
              lagMillis / 1000.0,
              skippedSamples / (double) AudioRing.SAMPLE_RATE),
          null,
          false,
          true);
    }
    if (actMillis > 0 && lagMillis > actMillis) {
      warned = true;
      LatencyMode cheaper = LagBudget.cheaperThan(mode);
      if (cheaper != null && requestedMode == null) {
        if (speaking) {
          return Verdict.KEEP; // switch in a pause: a word cut by the switch would come out twice
        }
        requestedMode = mode;
        trendFromSample = -1; // the cheaper mode's own trend decides whether it keeps up
        return new Verdict(
            String.format(
                Locale.ROOT,
                "degraded: %.1f s behind capture, over the %s s lag budget; latency mode %s -> %s"
                    + " for the rest of the session",
                lagMillis / 1000.0,
                seconds(actMillis),
                mode.id(),
                cheaper.id()),
            cheaper,
            false);
      }
      // at the cheapest mode already: skip only while the session is not catching up by itself (a
      // backlog after a recovery shrinks without help)
      boolean catchingUp = previousTrendLag < 0 || lagMillis < previousTrendLag;
      if (catchingUp) {
        return Verdict.KEEP;
      }
      skippedSamples += samples;
      skipping = true;
      return new Verdict(
          String.format(
              Locale.ROOT,
              "degraded: %.1f s behind capture, over the %s s lag budget and not catching"
                  + " up; skipping late audio (no subtitles for it) until %s s behind",
              lagMillis / 1000.0,
              seconds(actMillis),
              seconds(warnMillis > 0 ? warnMillis : actMillis / 2)),
          null,
          true,
          true);
    }
    if (warnMillis > 0 && lagMillis > warnMillis && !warned) {
      warned = true;
      return new Verdict(
          String.format(
              Locale.ROOT,
              "lagging: %.1f s behind capture (warning at %s s)",
              lagMillis / 1000.0,
              seconds(warnMillis)),
          null,
          false);
    }
    // half the warning, so a lag hovering at the threshold does not flap
    if (warned && lagMillis < warnMillis / 2) {
      warned = false;
      return new Verdict(
          String.format(Locale.ROOT, "caught up: %.1f s behind capture", lagMillis / 1000.0),
          null,
          false);
    }
    return Verdict.KEEP;
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  /** The mode the session asked for before it fell back; null while it has not. */
  LatencyMode requestedMode() {
    return requestedMode;
  }

  long skippedSamples() {
    return skippedSamples;
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeBoolean(warned);
      out.writeUTF(requestedMode == null ? "" : requestedMode.id());
      out.writeBoolean(skipping);
      out.writeLong(skippedSamples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static SessionLag fromBytes(byte[] bytes) {
    SessionLag lag = new SessionLag();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown session lag state format " + format);
      }
      lag.warned = in.readBoolean();
      String mode = in.readUTF();
      lag.requestedMode = mode.isEmpty() ? null : LatencyMode.fromId(mode);
      lag.skipping = in.readBoolean();
      lag.skippedSamples = in.readLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lag;
  }
}
