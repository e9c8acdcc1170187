package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.AvroSerde;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.Topics;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.testsupport.TestKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code job} on a local cluster: the dashboard answers with the named job graph, and segments come
 * out.
 */
class JobCommandITCase {

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void runsLocallyWithTheDashboardAndTranscribes() throws Exception {
    TestKafka.Broker kafka = TestKafka.shared();
    String prefix = "job-" + UUID.randomUUID() + ".";
    Topics topics = Topics.DEFAULT.withPrefix(prefix);
    kafka.createTopics(
        List.of(topics.audio(), topics.sessionEvents(), topics.segments(), topics.deadLetters()),
        1);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String[] args = {
      "--bootstrap",
      kafka.bootstrapServers(),
      "--topic-prefix",
      prefix,
      "--model",
      FixtureAudio.modelDir().toString(),
      "--web-port",
      String.valueOf(port),
      "--checkpoint-interval",
      "PT1S"
    };
    Thread runner =
        new Thread(() -> new CommandLine(new JobCommand()).execute(args), "job-command");
    runner.setDaemon(true);
    runner.start();

    String jobId = waitForRunningJob(port);
    assertLoopbackOnly(port);
    String plan = get(port, "/jobs/" + jobId);
    for (String operator :
        List.of(
            "read audio and session events",
            "decode and validate input",
            "transcribe sessions (order, decode, confirm)",
            "write transcript events",
            "write dead letters")) {
      assertTrue(plan.contains(operator), operator + " in " + plan);
    }

    publish(kafka.bootstrapServers(), topics);
    assertEquals(
        FixtureAudio.expectedWordTimes(), finalWords(kafka.bootstrapServers(), topics.segments()));
    assertMetricsListed(port, jobId, plan);

    http.send(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    runner.join(30_000);
  }

  /** By default the dashboard is out of reach from this machine's other addresses. */
  private static void assertLoopbackOnly(int port) throws Exception {
    java.util.Optional<java.net.InetAddress> external =
        java.net.NetworkInterface.networkInterfaces()
            .flatMap(java.net.NetworkInterface::inetAddresses)
            .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        external.isPresent(), "this machine has no address besides loopback");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(external.get(), port), 2000);
      throw new AssertionError("dashboard reachable at " + external.get() + ":" + port);
    } catch (java.net.ConnectException refused) {
      // nothing listens there: the dashboard is bound to loopback only
    }
  }

  /** The session operator's metrics in group captionflow, as the dashboard lists them. */
  private void assertMetricsListed(int port, String jobId, String plan) throws Exception {
    Matcher vertex =
        Pattern.compile("\"id\":\"([0-9a-f]+)\",[^}]*?\"name\":\"[^\"]*transcribe sessions")
            .matcher(plan);
    assertTrue(vertex.find(), "transcribe vertex in " + plan);
    String path = "/jobs/" + jobId + "/vertices/" + vertex.group(1) + "/metrics";
    List<String> wanted =
        List.of(
            "captionflow.activeSessions",
            "captionflow.inferenceMillis",
            "captionflow.audioToEmitLagMillis",
            "captionflow.confirmedSegmentLatencyMillis",
            "captionflow.chunksDuplicate",
            "captionflow.chunksReordered",
            "captionflow.chunksGapFilled",
            "captionflow.deadLetters");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String listed = "";
    while (System.nanoTime() < deadline) {
      listed = get(port, path);
      String all = listed;
      if (wanted.stream().allMatch(all::contains)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("metrics " + wanted + " not all listed: " + listed);
  }

  private String waitForRunningJob(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Pattern running =
        Pattern.compile(
            "\"jid\":\"([0-9a-f]+)\",\"name\":\"captionflow\",\"start-time\":\\d+,"
                + "\"end-time\":-?\\d+,\"duration\":\\d+,\"state\":\"RUNNING\"");
    while (System.nanoTime() < deadline) {
      try {
        Matcher m = running.matcher(get(port, "/jobs/overview"));
        if (m.find()) {
          return m.group(1);
        }
      } catch (java.io.IOException notYet) {
        // the dashboard is still starting
      }
      Thread.sleep(300);
    }
    throw new AssertionError("no RUNNING captionflow job on the dashboard at port " + port);
  }

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static void publish(String bootstrap, Topics topics) {
    float[] audio = FixtureAudio.audio();
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    byte[] key = "hall".getBytes(StandardCharsets.UTF_8);
    try (var producer =
        new KafkaProducer<>(
            props(bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
      SessionEvent start =
          SessionEvent.newBuilder()
              .setSessionId("hall")
              .setType(SessionEventType.START)
              .setEventTimeMillis(System.currentTimeMillis())
              .build();
      producer.send(
          new ProducerRecord<>(
              topics.sessionEvents(), key, AvroCodec.sessionEvent().encode(start)));
      int n = (audio.length + 1599) / 1600;
      for (int i = 0; i < n; i++) {
        float[] samples =
            Arrays.copyOfRange(audio, i * 1600, Math.min(audio.length, (i + 1) * 1600));
        AudioChunk chunk =
            AudioChunk.newBuilder()
                .setSessionId("hall")
                .setSequence(i)
                .setSampleRate(16_000)
                .setEncoding(AudioEncoding.PCM16)
                .setChannels(1)
                .setPcm(ByteBuffer.wrap(PcmCodec.encodePcm16(samples)))
                .setCaptureTimeMillis(System.currentTimeMillis())
                .setEndOfStream(i == n - 1)
                .build();
        producer.send(new ProducerRecord<>(topics.audio(), key, codec.encode(chunk)));
      }
    }
  }

  static Properties props(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  /** Final words of session "hall" once it has ended. */
  static List<String> finalWords(String bootstrap, String topic) {
    Properties p = props(bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> words = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            p,
            new StringDeserializer(),
            new AvroSerde<>(AvroCodec.transcriptEvent()).deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          TranscriptEvent e = record.value();
          if (e.getEvent() instanceof SubtitleSegment s && s.getIsFinal()) {
            s.getWords()
                .forEach(
                    w ->
                        words.add(
                            FixtureAudio.format(
                                w.getText(), w.getStartSeconds(), w.getEndSeconds())));
          } else if (e.getEvent() instanceof SessionStatus st
              && st.getState() == io.captionflow.schema.SessionState.ENDED) {
            return words;
          }
        }
      }
    }
    throw new AssertionError("session did not end; words so far " + words);
  }
}
