package io.captionflow.ingest.source.url;

import java.time.Duration;

/**
 * How a URL source treats drops.
 *
 * @param backOff waits between tries and when to give up
 * @param stallTimeout a connection that brings no audio for this long counts as dropped
 * @param endAtEof a stream that ends by itself (the decoder exits normally) ends the session
 *     instead of being reconnected: for recordings served over a URL
 * @param progressEvery how often a progress event is told while audio flows
 */
public record ReconnectSettings(
    BackOff backOff, Duration stallTimeout, boolean endAtEof, Duration progressEvery) {

  public ReconnectSettings {
    if (backOff == null) {
      throw new IllegalArgumentException("no back-off given");
    }
    if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stall timeout must be > 0, got " + stallTimeout);
    }
    if (progressEvery == null || progressEvery.isNegative() || progressEvery.isZero()) {
      throw new IllegalArgumentException("progress interval must be > 0, got " + progressEvery);
    }
  }
}
