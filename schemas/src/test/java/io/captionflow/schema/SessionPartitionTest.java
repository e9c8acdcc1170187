package io.captionflow.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SessionPartitionTest {

  @Property(tries = 300)
  void agreesWithTheProducersDefaultPartitioner(
      @ForAll @StringLength(min = 1, max = 128) String sessionId,
      @ForAll @IntRange(min = 1, max = 256) int partitions) {
    assertEquals(
        BuiltInPartitioner.partitionForKey(sessionId.getBytes(StandardCharsets.UTF_8), partitions),
        SessionPartition.of(sessionId, partitions));
  }

  @Test
  void aTopicWithoutPartitionsIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SessionPartition.of("hall-a", 0));
    assertEquals("a topic has at least one partition, got 0 for session hall-a", e.getMessage());
  }
}
