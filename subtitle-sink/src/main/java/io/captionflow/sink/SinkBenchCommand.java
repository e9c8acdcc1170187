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
import io.captionflow.sink.bench.BenchClientMain;
import io.captionflow.sink.bench.ClientProcess;
import io.captionflow.sink.session.WireMessages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code captionflow sink-bench}: fan-out delivery latency, segment produced into Kafka → received
 * by each WebSocket client, p50/p99/max at several subscriber counts. The broker, the sink and the
 * producer run in this JVM; the clients run in child JVMs ({@link BenchClientMain}), so what is
 * measured is the sink's cost (plus Kafka produce + consume and loopback TCP), not the clients'
 * garbage and threads. {@code --json FILE} writes the results machine-readably.
 */
@Command(
    name = "sink-bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure subtitle-sink fan-out latency (produce -> WebSocket receive) with an in-process"
            + " broker and sink, and the clients in separate JVMs.")
public final class SinkBenchCommand implements Callable<Integer> {

  /** Connections one client JVM holds when {@code --client-processes} is not given. */
  static final int CONNECTIONS_PER_CLIENT_PROCESS = 2500;

  @Option(
      names = "--subscribers",
      split = ",",
      defaultValue = "1000,5000,10000",
      description = "subscriber counts to run (default: ${DEFAULT-VALUE})")
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

  @Option(
      names = "--client-processes",
      description =
          "client JVMs per run (default: one per "
              + CONNECTIONS_PER_CLIENT_PROCESS
              + " subscribers)")
  Integer clientProcesses;

  @Option(names = "--json", description = "also write the results as JSON to this file")
  Path jsonFile;

  /** One run's result. Latencies in ms; {@code received} of {@code expected} deliveries. */
  public record Result(
      int subscribers,
      int clientProcesses,
      int segments,
      int intervalMillis,
      long expected,
      long received,
      double p50Millis,
      double p99Millis,
      double maxMillis) {}

  @Override
  public Integer call() throws Exception {
    String token = UUID.randomUUID().toString();
    Topics topics =
        Topics.DEFAULT.withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    List<Result> results = new ArrayList<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startOnAnyPort()) {
      TopicProvisioner.ensureTopics(
          broker.bootstrapServers(), List.of(topics.segments()), 1, Duration.ofSeconds(30));
      SinkConfig config =
          SinkConfig.defaults(broker.bootstrapServers(), topics)
              .withPort(0)
              .withHost("127.0.0.1")
              .withAccess(SubscribeTokens.parse("*=" + token), false);
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
            "%-12s %-9s %-9s %10s %10s %10s %10s%n",
            "subscribers", "clients", "segments", "p50 ms", "p99 ms", "max ms", "received");
        for (int n : subscriberCounts) {
          Result r = run(n, sink, producer, topics, token);
          results.add(r);
          System.out.printf(
              "%-12d %-9d %-9d %10.2f %10.2f %10.2f %9.1f%%%n",
              r.subscribers(),
              r.clientProcesses(),
              r.segments(),
              r.p50Millis(),
              r.p99Millis(),
              r.maxMillis(),
              100.0 * r.received() / r.expected());
        }
      }
    }
    if (jsonFile != null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", "sink-bench");
      json.put("cpus", Runtime.getRuntime().availableProcessors());
      json.put("javaVersion", System.getProperty("java.version"));
      json.put("runs", results);
      WireMessages.JSON.writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), json);
    }
    return results.stream().allMatch(r -> r.received() == r.expected()) ? 0 : 1;
  }

  Result run(
      int subscribers,
      SubtitleSinkServer sink,
      KafkaProducer<String, TranscriptEvent> producer,
      Topics topics,
      String token)
      throws Exception {
    String session = "bench-" + subscribers + "-" + UUID.randomUUID().toString().substring(0, 6);
    int processes =
        clientProcesses != null
            ? clientProcesses
            : Math.max(
                1,
                (subscribers + CONNECTIONS_PER_CLIENT_PROCESS - 1)
                    / CONNECTIONS_PER_CLIENT_PROCESS);
    String uri = "ws://127.0.0.1:" + sink.port() + "/ws/sessions/" + session + "?token=" + token;
    List<ClientProcess> clients = new ArrayList<>();
    try {
      for (int i = 0; i < processes; i++) {
        int share = subscribers / processes + (i < subscribers % processes ? 1 : 0);
        clients.add(ClientProcess.start(uri, share, warmup, segments, System.err));
      }
      for (ClientProcess c : clients) {
        c.awaitReady();
      }
      awaitSubscribers(sink, session, subscribers);
      for (int seq = 0; seq < warmup + segments; seq++) {
        producer.send(new ProducerRecord<>(topics.segments(), session, segment(session, seq)));
        Thread.sleep(intervalMillis);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<long[]> parts = new ArrayList<>();
      for (ClientProcess c : clients) {
        parts.add(c.finish(deadline));
      }
      long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
      Arrays.sort(all);
      return new Result(
          subscribers,
          processes,
          segments,
          intervalMillis,
          (long) subscribers * segments,
          all.length,
          millis(all, 0.50),
          millis(all, 0.99),
          millis(all, 1.0));
    } finally {
      clients.forEach(ClientProcess::destroy);
    }
  }

  private static void awaitSubscribers(SubtitleSinkServer sink, String session, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sink.sessions().find(session).map(s -> s.subscribers().size()).orElse(0) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only "
                + sink.sessions().find(session).map(s -> s.subscribers().size()).orElse(0)
                + " of "
                + expected
                + " subscribers joined within 60 s");
      }
      Thread.sleep(20);
    }
  }

  private static double millis(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static TranscriptEvent segment(String session, int sequence) {
    // The first word carries the produce time on the machine's monotonic clock, for the clients.
    String text =
        "@"
            + System.nanoTime()
            + " benchmark caption number "
            + sequence
            + " with a typical length of about twelve words";
    List<Word> words = new ArrayList<>();
    double t = sequence * 4.0;
    for (String w : text.split(" ")) {
      words.add(new Word(w, t, t + 0.27, 0.95f, 0));
      t += 0.3; // 13 words end before the next segment's 4 s: no overlap for the sink to trim
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
