package io.captionflow.ingest.source.url;

import io.captionflow.audio.PcmCodec;
import io.captionflow.ingest.source.AudioSource;
import io.captionflow.schema.wire.AudioChunks;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A live stream at a URL as one endless source: when the stream drops (the decoder ends, or no
 * audio comes for the stall timeout) it is tried again with back-off, and once audio is back the
 * outage is first delivered as silence as long as it lasted by wall clock (from the last audio
 * before the drop to the opening of the connection that brings audio again: the decoder's start-up
 * buffering delays that audio but does not lose it), so the session's audio time keeps pace with
 * the broadcast. Ends only on {@link #stop()}, a stream ending by itself with {@code endAtEof}, or
 * when the tries run out ({@link StreamUnavailableException}).
 */
public final class UrlSource implements AudioSource {

  // 50 ms of s16le: the resolution of arrival times, hence of outage lengths
  private static final int BLOCK_BYTES = 1600;
  private static final int QUEUE_BLOCKS = 200;
  private static final long POLL_SLICE_NANOS = 100_000_000L;

  private final StreamUrl url;
  private final StreamConnector connector;
  private final ReconnectSettings settings;
  private final LongSupplier clock;
  private final Consumer<StreamEvent> events;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile boolean stopped;

  private Attempt attempt;
  private int failures; // consecutive tries without audio

  /** A connection that brought audio must stay up this long for its drop to be retried at once. */
  static final Duration STABLE_CONNECTION = Duration.ofSeconds(10);

  private int quickDrops; // consecutive connections that dropped before STABLE_CONNECTION
  private long failingSinceNanos;
  private boolean everConnected;
  private boolean ended;
  private long lastArrivalNanos;
  private long silenceOwed;
  private byte[] pending;
  private int pendingOffset;
  private long published;
  private long bytesReceived;
  private int reconnects;
  private long silenceInserted;
  private long lastProgressNanos;

  /**
   * @param clock nanoseconds, stamps when audio arrives: outage lengths are measured with it
   * @param events told about connects, drops, failed tries and progress (from the reading thread)
   */
  public UrlSource(
      StreamUrl url,
      StreamConnector connector,
      ReconnectSettings settings,
      LongSupplier clock,
      Consumer<StreamEvent> events) {
    this.url = url;
    this.connector = connector;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Waits for the stream's first audio (kept for {@link #read}).
   *
   * @throws StreamUnavailableException when no try brought audio
   * @throws IllegalArgumentException when the decoder says the URL cannot work (unknown protocol)
   */
  public void connect() throws IOException {
    if (!everConnected && pending == null && !ended) {
      Block first = nextBlock();
      if (first != null) {
        pending = first.pcm();
        pendingOffset = 0;
      }
    }
  }

  /** Ends the source from any thread: the next {@link #read} returns -1. */
  public void stop() {
    stopped = true;
    stopRequested.countDown();
  }

  @Override
  public int sampleRate() {
    return AudioChunks.SAMPLE_RATE;
  }

  @Override
  public int read(float[] dst) throws IOException {
    connect();
    while (!stopped && !ended) {
      if (silenceOwed > 0) {
        int n = (int) Math.min(dst.length, silenceOwed);
        Arrays.fill(dst, 0, n, 0f);
        silenceOwed -= n;
        return delivered(n);
      }
      if (pending != null) {
        int n = Math.min(dst.length, (pending.length - pendingOffset) / 2);
        float[] samples = PcmCodec.decodePcm16(pending, pendingOffset, n * 2);
        System.arraycopy(samples, 0, dst, 0, n);
        pendingOffset += n * 2;
        if (pendingOffset == pending.length) {
          pending = null;
        }
        return delivered(n);
      }
      Block next = nextBlock();
      if (next != null) {
        pending = next.pcm();
        pendingOffset = 0;
      }
    }
    return -1;
  }

  private int delivered(int samples) {
    published += samples;
    long now = clock.getAsLong();
    if (now - lastProgressNanos >= settings.progressEvery().toNanos()) {
      lastProgressNanos = now;
      events.accept(
          new StreamEvent.Receiving(
              published / (double) AudioChunks.SAMPLE_RATE,
              bytesReceived,
              reconnects,
              silenceInserted));
    }
    return samples;
  }

  /** The next block of audio, connecting and reconnecting as needed; null once stopped or ended. */
  private Block nextBlock() throws IOException {
    while (!stopped) {
      if (attempt == null) {
        waitBeforeTry();
        if (stopped) {
          break;
        }
        StreamConnection connection = connector.open(url);
        attempt = new Attempt(connection, clock.getAsLong());
      }
      Item item = awaitItem(attempt);
      if (stopped) {
        break;
      }
      if (item instanceof Block block) {
        if (!attempt.gotAudio) {
          firstAudio(block);
        }
        lastArrivalNanos = block.arrivalNanos();
        bytesReceived += block.pcm().length;
        return block;
      }
      Attempt over = attempt;
      attempt = null;
      if (item == null) {
        over.close(); // stalled: stop it before asking why it ended
      }
      StreamConnection.Ending ending = over.connection.ending();
      over.close();
      String reason =
          item == null
              ? String.format(
                  Locale.ROOT, "no audio for %.1f s", settings.stallTimeout().toNanos() / 1e9)
              : ending.reason();
      if (over.gotAudio) {
        if (item != null && settings.endAtEof() && ending.complete()) {
          ended = true;
          return null;
        }
        failingSinceNanos = clock.getAsLong();
        // a stream that keeps dropping right after it connects is backed off like a failing one
        quickDrops =
            failingSinceNanos - over.openedNanos < STABLE_CONNECTION.toNanos() ? quickDrops + 1 : 0;
        events.accept(
            new StreamEvent.Dropped(reason, published / (double) AudioChunks.SAMPLE_RATE));
        continue; // the first try after a drop goes at once: most drops are a brief hiccup
      }
      failed(reason, item != null && ending.permanent());
    }
    return null;
  }

  /**
   * The wait before the next try: by the failed tries in a row, or, for a stream that keeps
   * dropping soon after it connects, by those drops (the first drop is still retried at once).
   */
  static Duration retryDelay(BackOff backOff, int failures, int quickDrops) {
    return backOff.delayAfter(Math.max(failures, quickDrops - 1));
  }

  private void waitBeforeTry() throws IOException {
    Duration delay = retryDelay(settings.backOff(), failures, quickDrops);
    if (failures == 0 && !everConnected) {
      failingSinceNanos = clock.getAsLong();
    }
    try {
      if (!delay.isZero() && stopRequested.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        stopped = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to reconnect to " + url);
    }
  }

  private void failed(String reason, boolean permanent) throws StreamUnavailableException {
    failures++;
    if (permanent && !everConnected) {
      throw new IllegalArgumentException("bad URL " + url + ": " + reason);
    }
    if (settings.backOff().exhausted(failures)) {
      double seconds = (clock.getAsLong() - failingSinceNanos) / 1e9;
      String what =
          everConnected
              ? String.format(
                  Locale.ROOT,
                  "%s did not come back: %d tries in %.1f s after the drop at %.1f s",
                  url,
                  failures,
                  seconds,
                  published / (double) AudioChunks.SAMPLE_RATE)
              : String.format(
                  Locale.ROOT, "%s never answered: %d tries in %.1f s", url, failures, seconds);
      throw new StreamUnavailableException(what + "; last: " + reason, everConnected);
    }
    events.accept(
        new StreamEvent.TryFailed(
            failures, settings.backOff().tries(), reason, settings.backOff().delayAfter(failures)));
  }

  private void firstAudio(Block block) {
    attempt.gotAudio = true;
    int tryNumber = failures + 1;
    failures = 0;
    if (!everConnected) {
      everConnected = true;
      lastProgressNanos = block.arrivalNanos();
      events.accept(new StreamEvent.Connected(url, tryNumber));
      return;
    }
    // the new stream is live from when it was opened; its first audio arrives later only because
    // the decoder buffers while it probes, and that buffered audio is delivered, not lost
    long outageNanos = Math.max(0, attempt.openedNanos - lastArrivalNanos);
    long silence = Math.round(outageNanos * (double) AudioChunks.SAMPLE_RATE / 1e9);
    silenceOwed += silence;
    silenceInserted += silence;
    reconnects++;
    events.accept(new StreamEvent.Reconnected(Duration.ofNanos(outageNanos), silence, tryNumber));
  }

  /** The attempt's next block or end; null when it brought nothing for the stall timeout. */
  private Item awaitItem(Attempt current) throws IOException {
    long deadline = System.nanoTime() + settings.stallTimeout().toNanos();
    try {
      while (!stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        Item item = current.queue.poll(Math.min(left, POLL_SLICE_NANOS), TimeUnit.NANOSECONDS);
        if (item != null) {
          return item;
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + url);
    }
  }

  /** Seconds of audio delivered so far, silence included. */
  public double secondsPublished() {
    return published / (double) AudioChunks.SAMPLE_RATE;
  }

  @Override
  public double durationSeconds() {
    return Double.NaN;
  }

  @Override
  public String description() {
    return "url:" + url.redacted();
  }

  @Override
  public void close() {
    stop();
    if (attempt != null) {
      attempt.close();
      attempt = null;
    }
  }

  private sealed interface Item permits Block, End {}

  private record Block(byte[] pcm, long arrivalNanos) implements Item {}

  private record End() implements Item {}

  /** One connection and the thread moving its audio into a queue, stamped on arrival. */
  private final class Attempt {
    final StreamConnection connection;
    final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_BLOCKS);
    final Thread reader;
    final long openedNanos;
    boolean gotAudio;

    Attempt(StreamConnection connection, long openedNanos) {
      this.connection = connection;
      this.openedNanos = openedNanos;
      this.reader = new Thread(this::pump, "url-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void pump() {
      try (InputStream in = connection.pcm()) {
        while (true) {
          byte[] bytes = in.readNBytes(BLOCK_BYTES);
          int whole = bytes.length & ~1; // a killed decoder may leave half a sample
          if (whole > 0) {
            long arrival = clock.getAsLong();
            queue.put(
                new Block(whole == bytes.length ? bytes : Arrays.copyOf(bytes, whole), arrival));
          }
          if (bytes.length < BLOCK_BYTES) {
            break;
          }
        }
      } catch (IOException e) {
        // the connection was closed under us; the attempt is over either way
      } catch (InterruptedException e) {
        return;
      }
      try {
        queue.put(new End());
      } catch (InterruptedException ignored) {
        // closed: nobody waits for the end any more
      }
    }

    void close() {
      connection.close();
      reader.interrupt();
    }
  }
}
