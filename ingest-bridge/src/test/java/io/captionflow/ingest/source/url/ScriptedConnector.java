package io.captionflow.ingest.source.url;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connections played from a script: each gives fixed bytes and then ends, or ends after them with a
 * stall; past the script every connection stalls until closed. Opening one can move a test clock.
 */
final class ScriptedConnector implements StreamConnector {

  record Step(byte[] pcm, boolean stallAfter, StreamConnection.Ending ending, long clockAtOpen) {}

  private final Deque<Step> script = new ArrayDeque<>();
  private final AtomicLong clock;
  int opened;

  ScriptedConnector(AtomicLong clock) {
    this.clock = clock;
  }

  ScriptedConnector then(byte[] pcm, StreamConnection.Ending ending, long clockAtOpen) {
    script.add(new Step(pcm, false, ending, clockAtOpen));
    return this;
  }

  ScriptedConnector thenStalling(byte[] pcm, long clockAtOpen) {
    script.add(
        new Step(pcm, true, new StreamConnection.Ending("killed", false, false), clockAtOpen));
    return this;
  }

  @Override
  public synchronized StreamConnection open(StreamUrl url) {
    opened++;
    Step step = script.poll();
    if (step == null) {
      step = new Step(new byte[0], true, new StreamConnection.Ending("killed", false, false), -1);
    }
    if (step.clockAtOpen() >= 0) {
      clock.set(step.clockAtOpen());
    }
    return new Scripted(step);
  }

  private static final class Scripted implements StreamConnection {
    private final Step step;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final InputStream pcm;

    Scripted(Step step) {
      this.step = step;
      InputStream bytes = new ByteArrayInputStream(step.pcm());
      this.pcm =
          !step.stallAfter()
              ? bytes
              : new InputStream() {
                @Override
                public int read() throws IOException {
                  byte[] one = new byte[1];
                  return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                  int n = bytes.read(b, off, len);
                  if (n > 0 || len == 0) {
                    return n;
                  }
                  try {
                    closed.await(); // a stalled stream: nothing until the attempt is killed
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  throw new IOException("closed");
                }
              };
    }

    @Override
    public InputStream pcm() {
      return pcm;
    }

    @Override
    public Ending ending() {
      return step.ending();
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }
}
