package io.captionflow.ingest.source.url;

import io.captionflow.schema.wire.AudioChunks;
import java.time.Duration;
import java.util.Locale;

/** What a reconnecting stream tells its operator; {@link #line()} is the stderr text. */
public sealed interface StreamEvent {

  String line();

  /** The first audio arrived, on the {@code attempt}-th try. */
  record Connected(StreamUrl url, int attempt) implements StreamEvent {
    @Override
    public String line() {
      return "connected to " + url + (attempt > 1 ? " (try " + attempt + ")" : "");
    }
  }

  /** A connection that brought audio ended; reconnecting follows. */
  record Dropped(String reason, double secondsPublished) implements StreamEvent {
    @Override
    public String line() {
      return String.format(
          Locale.ROOT, "stream dropped at %.1f s (%s); reconnecting", secondsPublished, reason);
    }
  }

  /** A try brought no audio; the next one follows after {@code nextDelay}. */
  record TryFailed(int failures, int tries, String reason, Duration nextDelay)
      implements StreamEvent {
    @Override
    public String line() {
      return String.format(
          Locale.ROOT,
          "try %d of %d failed (%s); next in %.1f s",
          failures,
          tries,
          reason,
          nextDelay.toNanos() / 1e9);
    }
  }

  /**
   * Audio is back; the outage, by wall clock, was published as {@code silenceSamples} of silence.
   */
  record Reconnected(Duration outage, long silenceSamples, int attempt) implements StreamEvent {
    @Override
    public String line() {
      return String.format(
          Locale.ROOT,
          "reconnected (try %d) after a %.1f s outage: %.3f s of silence inserted",
          attempt,
          outage.toNanos() / 1e9,
          silenceSamples / (double) AudioChunks.SAMPLE_RATE);
    }
  }

  /** Periodic progress while connected. */
  record Receiving(double secondsPublished, long bytesReceived, int reconnects, long silenceSamples)
      implements StreamEvent {
    @Override
    public String line() {
      return String.format(
          Locale.ROOT,
          "%.1f s published, %.1f MB received, %d reconnect(s), %.1f s of silence inserted",
          secondsPublished,
          bytesReceived / 1e6,
          reconnects,
          silenceSamples / (double) AudioChunks.SAMPLE_RATE);
    }
  }
}
