package io.captionflow.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestTopics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What close() counts as lost: records Kafka never acknowledged, counted once it has flushed. */
class PublisherCloseITCase {

  @Test
  void closingWithoutAFlushLosesNothingWhenTheBrokerAcknowledgesEverything() throws Exception {
    TestKafka.Broker broker = TestKafka.shared();
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(broker.bootstrapServers())
            .withTopics(TestTopics.create(broker, 1));
    KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
    SessionChunker session = session(publisher);
    session.accept(new float[48_000], 16_000); // 3 s: START + 30 chunks
    session.end(); // end-of-stream chunk + END

    publisher.close(); // as a failing source does: no flush() before close()

    assertEquals(0, publisher.unacknowledgedRecords());
    assertEquals(33, publisher.acknowledgedRecords());
  }

  @Test
  void recordsTakenButNeverAcknowledgedAreCountedAsLost() throws Exception {
    String nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = "127.0.0.1:" + s.getLocalPort();
    }
    BridgeConfig config =
        BridgeConfig.fromEnvironment(Map.of())
            .withBootstrapServers(nobody)
            .withBuffer(2, Duration.ofMillis(200));
    KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
    SessionChunker session = session(publisher);
    // START and one chunk fill the buffer of 2; the second chunk is refused, not taken
    assertThrows(PublishBufferFullException.class, () -> session.accept(new float[3200], 16_000));

    publisher.close();

    assertEquals(2, publisher.unacknowledgedRecords());
    assertEquals(0, publisher.acknowledgedRecords());
  }

  private static SessionChunker session(KafkaAudioPublisher publisher) {
    return new SessionChunker(
        "closing",
        new StartSettings(null, null, "test"),
        publisher,
        100,
        Duration.ofMillis(200),
        System::currentTimeMillis);
  }
}
