package io.captionflow.edge.guard;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client key (an address, see {@link ClientAddress#key}): {@code
 * perSecond} connections per second after a {@code burst}. Memory stays bounded: a bucket that has
 * filled up again is forgotten (a new one would decide the same), and beyond {@code maxClients}
 * keys the least recently seen is forgotten even if not full (counted in {@link #forgottenBusy()}),
 * which can only let that client in sooner, never turn anyone away.
 */
public final class ConnectionRateLimiter {

  /** About 15 MB of buckets (key, entry, bucket: some 150 bytes each) at most. */
  public static final int DEFAULT_MAX_CLIENTS = 100_000;

  /** Whether a connection may go ahead, and if not, after how many whole seconds to try again. */
  public record Admission(boolean admitted, long retryAfterSeconds) {
    static final Admission ADMITTED = new Admission(true, 0);
  }

  private final long intervalNanos;
  private final int burst;
  private final int maxClients;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);
  private long forgottenBusy;

  /**
   * @param perSecond connections per second and client once the burst is used (> 0; the interval
   *     between tokens is rounded up to whole nanoseconds, so the rate is never exceeded)
   * @param burst connections a client may open at once
   */
  public ConnectionRateLimiter(
      double perSecond, int burst, int maxClients, LongSupplier nanoClock) {
    if (!(perSecond > 0) || perSecond > 1e9) {
      throw new IllegalArgumentException(
          "connection rate must be > 0 and <= 1e9 per second, got " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("connection burst must be at least 1, got " + burst);
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("max clients must be at least 1, got " + maxClients);
    }
    this.intervalNanos = (long) Math.ceil(TimeUnit.SECONDS.toNanos(1) / perSecond);
    this.burst = burst;
    this.maxClients = maxClients;
    this.nanoClock = nanoClock;
  }

  /** Takes a token from {@code client}'s bucket. */
  public synchronized Admission admit(String client) {
    long now = nanoClock.getAsLong();
    forgetIdle(now);
    TokenBucket bucket =
        buckets.computeIfAbsent(client, k -> new TokenBucket(intervalNanos, burst, now));
    long wait = bucket.take(now);
    if (buckets.size() > maxClients) {
      forgetLeastRecentlySeen();
    }
    if (wait == 0) {
      return Admission.ADMITTED;
    }
    return new Admission(false, Math.max(1, ceilDiv(wait, TimeUnit.SECONDS.toNanos(1))));
  }

  /** Client keys with a bucket now. */
  public synchronized int trackedClients() {
    return buckets.size();
  }

  /** Buckets forgotten before they were full because more than maxClients keys were active. */
  public synchronized long forgottenBusy() {
    return forgottenBusy;
  }

  /** From the least recently seen on, up to the first bucket that is not full yet. */
  private void forgetIdle(long now) {
    Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
    while (eldest.hasNext()) {
      if (!eldest.next().getValue().isFull(now)) {
        return;
      }
      eldest.remove();
    }
  }

  private void forgetLeastRecentlySeen() {
    Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
    eldest.next();
    eldest.remove();
    forgottenBusy++;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
