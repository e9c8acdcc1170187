package io.captionflow.sink.bench;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The WebSocket clients of {@code sink-bench}, in a JVM of their own so the sink's cost is measured
 * apart from theirs: {@code URL CONNECTIONS WARMUP SEGMENTS OUT_FILE}. Opens the connections,
 * prints {@code READY n}, records each measured segment's produce → receive latency (the segment's
 * first word is {@code @<System.nanoTime() at produce>}: one monotonic clock per machine on Linux),
 * and when all arrived or {@code STOP} comes on stdin writes them (nanoseconds, big-endian longs)
 * to OUT_FILE and prints {@code DONE received}.
 */
public final class BenchClientMain {

  /** Prefix of the lines the parent reads (READY, DONE) among any log output on stdout. */
  static final String PROTOCOL = "sink-bench-client: ";

  private static final int CONNECTS_IN_FLIGHT = 256;

  private BenchClientMain() {}

  /** Records the latency of each measured segment received on one connection. */
  public static final class Recorder implements Session.Listener.AutoDemanding {
    private final long[] latencies;
    private final AtomicInteger count;
    private final int warmup;

    Recorder(long[] latencies, AtomicInteger count, int warmup) {
      this.latencies = latencies;
      this.count = count;
      this.warmup = warmup;
    }

    @Override
    public void onWebSocketText(String message) {
      long now = System.nanoTime();
      if (!message.startsWith("{\"type\":\"segment\"")) {
        return;
      }
      if (sequenceOf(message) < warmup) {
        return;
      }
      int slot = count.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = now - producedNanosOf(message);
      }
    }
  }

  static long sequenceOf(String message) {
    int at = message.indexOf("\"sequence\":") + "\"sequence\":".length();
    return Long.parseLong(message, at, message.indexOf(',', at), 10);
  }

  static long producedNanosOf(String message) {
    int at = message.indexOf("\"text\":\"@") + "\"text\":\"@".length();
    int end = at;
    while (end < message.length() && Character.isDigit(message.charAt(end))) {
      end++;
    }
    return Long.parseLong(message, at, end, 10);
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
    AtomicInteger count = new AtomicInteger();

    HttpClient http = new HttpClient();
    http.setMaxConnectionsPerDestination(connections + 1);
    WebSocketClient client = new WebSocketClient(http);
    client.start();
    // Bounded connects: thousands of simultaneous SYNs overflow the sink's accept queue.
    Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
    List<CompletableFuture<Session>> connecting = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      inFlight.acquire();
      CompletableFuture<Session> f = client.connect(new Recorder(latencies, count, warmup), uri);
      f.whenComplete((s, e) -> inFlight.release());
      connecting.add(f);
    }
    List<Session> sessions = new ArrayList<>();
    for (CompletableFuture<Session> f : connecting) {
      sessions.add(f.get(120, TimeUnit.SECONDS));
    }
    System.out.println(PROTOCOL + "READY " + sessions.size());
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
    while (count.get() < latencies.length && stopper.isAlive()) {
      Thread.sleep(20);
    }
    int received = Math.min(count.get(), latencies.length);
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
