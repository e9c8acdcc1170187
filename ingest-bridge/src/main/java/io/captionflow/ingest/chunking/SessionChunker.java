package io.captionflow.ingest.chunking;

import io.captionflow.audio.Resampler;
import io.captionflow.audio.ResamplerStream;
import io.captionflow.ingest.publish.AudioPublisher;
import io.captionflow.ingest.resume.OpenSession;
import io.captionflow.ingest.status.SessionRefusedException;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.wire.AudioChunks;
import io.captionflow.schema.wire.SessionEvents;
import io.captionflow.schema.wire.StartSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One session's walk from source samples (any rate) to published chunks: resample to 16 kHz, cut
 * into chunks, hand to the publisher together with START/END events. Records the publisher could
 * not take yet (buffer full) stay queued here in order and go out first on the next call, so
 * nothing already accepted is lost or reordered.
 */
public final class SessionChunker {

  private final String sessionId;
  private final AudioPublisher publisher;
  private final Duration maxWait;
  private final LongSupplier clock;
  private final Chunker chunker;
  private final Deque<Object> outgoing =
      new ArrayDeque<>(); // AudioChunk or SessionEvent, in publish order
  private StartSettings settings;
  private ResamplerStream resampler;
  private int inputRate;
  private long samples16k;
  // volatile: read without the lock, which a publish waiting for the buffer may hold for long
  private volatile boolean started;
  private boolean ended;
  private volatile String refusal;

  public SessionChunker(
      String sessionId,
      StartSettings settings,
      AudioPublisher publisher,
      int chunkMillis,
      Duration maxWait,
      LongSupplier clock) {
    this(sessionId, settings, publisher, chunkMillis, maxWait, clock, 0, 0, false);
  }

  private SessionChunker(
      String sessionId,
      StartSettings settings,
      AudioPublisher publisher,
      int chunkMillis,
      Duration maxWait,
      LongSupplier clock,
      long firstSequence,
      long samples16k,
      boolean started) {
    this.sessionId = sessionId;
    this.settings = Objects.requireNonNull(settings);
    this.publisher = publisher;
    this.maxWait = maxWait;
    this.clock = clock;
    this.chunker = new Chunker(sessionId, chunkMillis, firstSequence, clock);
    this.samples16k = samples16k;
    this.started = started;
  }

  /**
   * Goes on with a session another bridge process left open: chunks numbered on from its last, no
   * new START while its settings are known (otherwise a START with {@code fallback} at the first
   * audio).
   */
  public static SessionChunker continuing(
      String sessionId,
      OpenSession open,
      StartSettings fallback,
      AudioPublisher publisher,
      int chunkMillis,
      Duration maxWait,
      LongSupplier clock) {
    boolean knownSettings = open.settings() != null;
    return new SessionChunker(
        sessionId,
        knownSettings ? open.settings() : fallback,
        publisher,
        chunkMillis,
        maxWait,
        clock,
        open.nextSequence(),
        open.samples16k(),
        knownSettings);
  }

  /** Publishes the START event. */
  public synchronized void start() throws InterruptedException {
    ensureStarted();
    drain();
  }

  /**
   * Adds mono samples at {@code sampleRate}; a change of rate flushes the previous resampler first.
   *
   * @throws IllegalArgumentException when a sample is NaN or infinite; none of them is taken
   */
  public synchronized void accept(float[] samples, int sampleRate) throws InterruptedException {
    requireOpen();
    String nonFinite = FiniteSamples.problem(samples, samples.length, 0, sampleRate);
    if (nonFinite != null) {
      throw new IllegalArgumentException("in this block of audio, " + nonFinite);
    }
    ensureStarted();
    if (resampler == null || sampleRate != inputRate) {
      flushResampler();
      resampler = Resampler.of(sampleRate, AudioChunks.SAMPLE_RATE).newStream();
      inputRate = sampleRate;
    }
    queue(resampler.process(samples));
    drain();
  }

  /** Announces new settings (a new START) if they differ from the current ones. */
  public synchronized void changeSettings(StartSettings newSettings) throws InterruptedException {
    requireOpen();
    if (!newSettings.equals(settings)) {
      settings = newSettings;
      if (started) {
        outgoing.add(SessionEvents.start(sessionId, settings, clock.getAsLong()));
      }
    }
    drain();
  }

  /** Ends the session: remaining audio, the end-of-stream chunk, then the END event. Idempotent. */
  public synchronized void end() throws InterruptedException {
    requireNotRefused();
    if (!ended) {
      ensureStarted();
      flushResampler();
      AudioChunk last = chunker.finish();
      outgoing.add(last);
      outgoing.add(SessionEvents.end(sessionId, settings, last.getSequence(), clock.getAsLong()));
      ended = true;
    }
    drain();
  }

  /** Retries whatever is still queued (after a {@code PublishBufferFullException}). */
  public synchronized void drain() throws InterruptedException {
    while (!outgoing.isEmpty()) {
      requireNotRefused();
      Object next = outgoing.peek();
      if (next instanceof AudioChunk chunk) {
        publisher.publish(chunk, maxWait);
      } else {
        publisher.publish((SessionEvent) next, maxWait);
      }
      outgoing.remove();
    }
  }

  public String sessionId() {
    return sessionId;
  }

  public synchronized StartSettings settings() {
    return settings;
  }

  /** Sequence number of the next chunk. */
  public synchronized long nextSequence() {
    return chunker.nextSequence();
  }

  /** 16 kHz samples produced so far. */
  public synchronized long samples16k() {
    return samples16k;
  }

  /** Records accepted but not yet handed to the publisher. */
  public synchronized int queued() {
    return outgoing.size();
  }

  /**
   * The job refused the session: from now on nothing more of it is published (what is queued is
   * dropped) and every call throws {@link SessionRefusedException}. Does not wait for a publish in
   * progress.
   */
  public void refuse(String reason) {
    refusal = reason;
  }

  /** Whether START was queued: the session exists downstream. */
  public boolean isStarted() {
    return started;
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  private void ensureStarted() {
    if (!started) {
      started = true;
      outgoing.add(SessionEvents.start(sessionId, settings, clock.getAsLong()));
    }
  }

  private void flushResampler() {
    if (resampler != null) {
      queue(resampler.flush());
      resampler = null;
    }
  }

  private void queue(float[] samples16) {
    samples16k += samples16.length;
    outgoing.addAll(chunker.add(samples16));
  }

  private void requireOpen() {
    requireNotRefused();
    if (ended) {
      throw new IllegalStateException("session " + sessionId + " has ended");
    }
  }

  /**
   * @throws SessionRefusedException once the job refused the session
   */
  public void requireNotRefused() {
    String reason = refusal;
    if (reason != null) {
      synchronized (this) {
        outgoing.clear();
      }
      throw new SessionRefusedException(sessionId, reason);
    }
  }
}
