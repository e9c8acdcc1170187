package io.captionflow.sink;

import io.captionflow.kafka.EmbeddedKafkaBroker;
import io.captionflow.kafka.TopicProvisioner;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import io.captionflow.sink.access.SubscribeTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code captionflow sink-bench}: fan-out delivery latency, segment produced into Kafka → received
 * by each WebSocket client, p50/p99/max at several subscriber counts. In-process broker, sink and
 * clients (one JVM, one clock), so the numbers include Kafka produce + consume, JSON, fan-out and
 * loopback TCP.
 */
@Command(
    name = "sink-bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure subtitle-sink fan-out latency (produce -> WebSocket receive) with an in-process broker.")
public final class SinkBenchCommand implements Callable<Integer> {

  @Option(
      names = "--subscribers",
      split = ",",
      defaultValue = "100,1000",
      description = "subscriber counts to run")
  List<Integer> subscriberCounts;

  @Option(names = "--segments", defaultValue = "100", description = "measured segments per run")
  int segments;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "unmeasured segments before each run")
  int warmup;

  @Option(
      names = "--interval-ms",
      defaultValue = "250",
      description =
          "pause between segments (ms); live speech gives one final every 1-3 s per session")
  int intervalMillis;

  /** Receives segments and records produce→receive latency by sequence. */
  public static final class LatencyRecorder implements Session.Listener.AutoDemanding {
    private final long[] sentNanos;
    private final long[] latencies;
    private final AtomicInteger count;
    private final int warmup;

    LatencyRecorder(long[] sentNanos, long[] latencies, AtomicInteger count, int warmup) {
      this.sentNanos = sentNanos;
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
      int at = message.indexOf("\"sequence\":") + "\"sequence\":".length();
      int sequence = Integer.parseInt(message, at, message.indexOf(',', at), 10);
      if (sequence >= warmup) {
        int slot = count.getAndIncrement();
        if (slot < latencies.length) {
          latencies[slot] = now - sentNanos[sequence];
        }
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    String token = UUID.randomUUID().toString();
    Topics topics =
        Topics.DEFAULT.withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startOnAnyPort()) {
      TopicProvisioner.ensureTopics(
          broker.bootstrapServers(), List.of(topics.segments()), 1, Duration.ofSeconds(30));
      SinkConfig config =
          SinkConfig.defaults(broker.bootstrapServers(), topics)
              .withPort(0)
              .withHost("127.0.0.1")
              .withAccess(SubscribeTokens.parse("*=" + token), false);
      HttpClient http = new HttpClient();
      http.setMaxConnectionsPerDestination(100_000);
      WebSocketClient client = new WebSocketClient(http);
      client.start();
      try (SubtitleSinkServer sink = new SubtitleSinkServer(config).start();
          KafkaProducer<String, TranscriptEvent> producer =
              new KafkaProducer<>(
                  Map.of(
                      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                      broker.bootstrapServers(),
                      ProducerConfig.LINGER_MS_CONFIG,
                      0),
                  new StringSerializer(),
                  new AvroSerde<>(AvroCodec.transcriptEvent()).serializer())) {
        System.out.printf(
            "%-12s %-9s %10s %10s %10s %10s%n",
            "subscribers", "segments", "p50 ms", "p99 ms", "max ms", "received");
        for (int n : subscriberCounts) {
          run(n, sink, client, producer, topics, token);
        }
      } finally {
        client.stop();
      }
    }
    return 0;
  }

  private void run(
      int subscribers,
      SubtitleSinkServer sink,
      WebSocketClient client,
      KafkaProducer<String, TranscriptEvent> producer,
      Topics topics,
      String token)
      throws Exception {
    String session = "bench-" + subscribers + "-" + UUID.randomUUID().toString().substring(0, 6);
    int total = warmup + segments;
    long[] sentNanos = new long[total];
    long[] latencies = new long[subscribers * segments];
    AtomicInteger count = new AtomicInteger();
    URI uri =
        URI.create("ws://127.0.0.1:" + sink.port() + "/ws/sessions/" + session + "?token=" + token);
    List<CompletableFuture<Session>> connecting = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      connecting.add(client.connect(new LatencyRecorder(sentNanos, latencies, count, warmup), uri));
    }
    List<Session> sessions = new ArrayList<>();
    for (CompletableFuture<Session> f : connecting) {
      sessions.add(f.get(60, TimeUnit.SECONDS));
    }
    for (int seq = 0; seq < total; seq++) {
      TranscriptEvent event = segment(session, seq);
      sentNanos[seq] = System.nanoTime();
      producer.send(new ProducerRecord<>(topics.segments(), session, event));
      Thread.sleep(intervalMillis);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (count.get() < latencies.length && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    int received = Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, received);
    Arrays.sort(sorted);
    System.out.printf(
        "%-12d %-9d %10.2f %10.2f %10.2f %9.1f%%%n",
        subscribers,
        segments,
        millis(sorted, 0.50),
        millis(sorted, 0.99),
        millis(sorted, 1.0),
        100.0 * received / latencies.length);
    sessions.forEach(Session::close);
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static TranscriptEvent segment(String session, int sequence) {
    String text =
        "benchmark caption number " + sequence + " with a typical length of about twelve words";
    List<Word> words = new ArrayList<>();
    double t = sequence * 4.0;
    for (String w : text.split(" ")) {
      words.add(new Word(w, t, t + 0.3, 0.95f, 0));
      t += 0.33;
    }
    SubtitleSegment s =
        SubtitleSegment.newBuilder()
            .setSessionId(session)
            .setSegmentId(session + "/0/" + sequence * 4000L)
            .setSequence(sequence)
            .setText(text)
            .setWords(words)
            .setSpeaker(0)
            .setSpeakerOverlap(false)
            .setStartSeconds(sequence * 4.0)
            .setEndSeconds(t)
            .setIsFinal(true)
            .setLanguage("en")
            .setCaptureTimeMillis(null)
            .setEmitTimeMillis(System.currentTimeMillis())
            .build();
    return TranscriptEvent.newBuilder()
        .setSessionId(session)
        .setEvent(s)
        .setEmitTimeMillis(s.getEmitTimeMillis())
        .build();
  }

  /**
   * For running without the launcher: {@code java -cp ... io.captionflow.sink.SinkBenchCommand}.
   */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new SinkBenchCommand()).execute(args));
  }
}
