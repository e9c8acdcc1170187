package io.captionflow.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.ingest.TestData;
import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.ingest.source.SourcePump;
import io.captionflow.ingest.source.WavFileSource;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away for ~10 s in the middle of a session: the source is held back by the bounded
 * buffer, a publisher that cannot wait gets a clear error, and after the broker returns every chunk
 * arrives exactly once and in order.
 */
class BrokerOutageITCase {

  @Test
  void everyChunkArrivesExactlyOnceAndInOrderAcrossABrokerOutage() throws Exception {
    try (TestKafka.Broker broker = TestKafka.dedicated()) {
      Topics topics = TestTopics.create(broker, 3);
      BridgeConfig config =
          BridgeConfig.fromEnvironment(Map.of())
              .withBootstrapServers(broker.bootstrapServers())
              .withTopics(topics)
              .withBuffer(50, Duration.ofSeconds(60))
              .withDeliveryTimeout(Duration.ofMinutes(2));
      Path wav = TestData.speech("1.wav"); // 16.7 s
      ExecutorService pumpThread = Executors.newSingleThreadExecutor();
      try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config)) {
        SessionChunker session =
            new SessionChunker(
                "outage-1",
                new StartSettings("en", null, "test"),
                publisher,
                config.chunkMillis(),
                config.maxBlock(),
                System::currentTimeMillis);
        // 2x real time: about 8 s of sending if nothing held it back
        Future<Long> pumped =
            pumpThread.submit(
                () -> new SourcePump(2.0, (d, t) -> {}).run(new WavFileSource(wav), session));

        awaitAcknowledged(publisher, 20);
        broker.stop();
        long outageStart = System.nanoTime();
        awaitBufferFull(publisher);
        // a caller that may not wait gets a clear error naming the bound, and nothing of its record
        // is sent
        PublishBufferFullException full =
            assertThrows(
                PublishBufferFullException.class,
                () -> publisher.publish(probeChunk(), Duration.ofMillis(200)));
        assertTrue(
            full.getMessage()
                .contains("publish buffer full: 50 records (bound 50) not acknowledged by Kafka"),
            full.getMessage());
        Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - outageStart) / 1_000_000));
        broker.start();

        long samples = pumped.get(120, TimeUnit.SECONDS);
        publisher.flush();
        assertTrue(publisher.heldBackCount() > 0, "the source was never held back");
        assertEquals(16_000 * 16.7, samples, 16_000 * 0.1);
      } finally {
        pumpThread.shutdownNow();
      }

      List<AudioChunk> all =
          KafkaRecords.readAll(broker.bootstrapServers(), topics.audio(), AvroCodec.audioChunk());
      List<AudioChunk> chunks =
          all.stream().filter(c -> c.getSessionId().equals("outage-1")).toList();
      assertTrue(all.stream().noneMatch(c -> c.getSessionId().equals("probe")));
      byte[] file = Files.readAllBytes(wav);
      byte[] pcm = java.util.Arrays.copyOfRange(file, 44, file.length);
      assertEquals(pcm.length / 2 / 1600 + 1, chunks.size(), "chunk count (duplicates or losses)");
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      for (int i = 0; i < chunks.size(); i++) {
        assertEquals(i, chunks.get(i).getSequence(), "order / exactly once");
        byte[] b = new byte[chunks.get(i).getPcm().remaining()];
        chunks.get(i).getPcm().duplicate().get(b);
        joined.writeBytes(b);
      }
      assertTrue(chunks.get(chunks.size() - 1).getEndOfStream());
      assertArrayEquals(pcm, joined.toByteArray());
    }
  }

  private static void awaitAcknowledged(KafkaAudioPublisher publisher, long records)
      throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (publisher.acknowledgedRecords() < records) {
      assertTrue(System.nanoTime() < deadline, "broker never acknowledged " + records + " records");
      Thread.sleep(20);
    }
  }

  private static void awaitBufferFull(KafkaAudioPublisher publisher) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (publisher.bufferedRecords() < publisher.capacity()) {
      assertTrue(
          System.nanoTime() < deadline, "buffer never filled: " + publisher.bufferedRecords());
      Thread.sleep(20);
    }
  }

  private static AudioChunk probeChunk() {
    return AudioChunk.newBuilder()
        .setSessionId("probe")
        .setSequence(0)
        .setSampleRate(16000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.allocate(0))
        .setCaptureTimeMillis(0)
        .setEndOfStream(true)
        .build();
  }
}
