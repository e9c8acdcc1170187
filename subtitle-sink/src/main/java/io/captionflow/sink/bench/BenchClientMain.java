package io.captionflow.sink.bench;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket clients of {@code sink-bench}, in a JVM of their own so the sink's cost is measured
 * apart from theirs: {@code URL CONNECTIONS WARMUP SEGMENTS OUT_FILE}. Opens the connections (all
 * read by one thread, {@link RawSubscribers}, so the clients take as little of the machine as they
 * can), prints {@code READY n}, records each measured segment's produce → receive latency (the
 * segment's first word is {@code @<System.nanoTime() at produce>}: one monotonic clock per machine
 * on Linux), and when all arrived or {@code STOP} comes on stdin writes them (nanoseconds,
 * big-endian longs) to OUT_FILE and prints {@code DONE received}.
 */
public final class BenchClientMain {

  /** Prefix of the lines the parent reads (READY, DONE) among any log output on stdout. */
  static final String PROTOCOL = "sink-bench-client: ";

  private static final int CONNECTS_IN_FLIGHT = 256;

  private BenchClientMain() {}

  private static final byte[] SEGMENT = ascii("{\"type\":\"segment\"");
  private static final byte[] SEQUENCE = ascii("\"sequence\":");
  private static final byte[] PRODUCED = ascii("\"text\":\"@");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Records the latency of each measured segment, whichever connection it came on. */
  static final class Recorder implements RawSubscribers.TextHandler {
    private final long[] latencies;
    private final int warmup;
    private int count;

    Recorder(long[] latencies, int warmup) {
      this.latencies = latencies;
      this.warmup = warmup;
    }

    @Override
    public void text(ByteBuffer message, long receivedNanos) {
      if (RawSubscribers.indexOf(message, SEGMENT, 0) != message.position()) {
        return;
      }
      if (sequenceOf(message) < warmup) {
        return;
      }
      if (count < latencies.length) {
        latencies[count] = receivedNanos - producedNanosOf(message);
      }
      count++;
    }

    int count() {
      return Math.min(count, latencies.length);
    }
  }

  static long sequenceOf(ByteBuffer message) {
    return digitsAfter(message, SEQUENCE);
  }

  static long producedNanosOf(ByteBuffer message) {
    return digitsAfter(message, PRODUCED);
  }

  private static long digitsAfter(ByteBuffer message, byte[] key) {
    int at = RawSubscribers.indexOf(message, key, message.position());
    if (at < 0) {
      throw new IllegalArgumentException("no " + new String(key, StandardCharsets.US_ASCII));
    }
    long value = 0;
    for (int i = at + key.length; i < message.limit(); i++) {
      byte b = message.get(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: BenchClientMain URL CONNECTIONS WARMUP SEGMENTS OUT_FILE");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    int connections = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    int segments = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    long[] latencies = new long[connections * segments];
    Recorder recorder = new Recorder(latencies, warmup);
    RawSubscribers subscribers = new RawSubscribers(uri, recorder);
    subscribers.connect(connections, CONNECTS_IN_FLIGHT, TimeUnit.SECONDS.toNanos(120));
    System.out.println(PROTOCOL + "READY " + subscribers.open());
    System.out.flush();

    Thread stopper =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("STOP")) {
                  // wait for the parent's STOP (or its exit)
                }
              } catch (IOException e) {
                // parent gone: stop as well
              }
            });
    stopper.setDaemon(true);
    stopper.start();
    while (recorder.count() < latencies.length && stopper.isAlive()) {
      subscribers.poll(20);
    }
    int received = recorder.count();
    try (DataOutputStream data = new DataOutputStream(Files.newOutputStream(out))) {
      for (int i = 0; i < received; i++) {
        data.writeLong(latencies[i]);
      }
    }
    System.out.println(PROTOCOL + "DONE " + received);
    System.out.flush();
    System.exit(0); // the connections close with the process: closing 10 000 by hand takes long
  }
}
