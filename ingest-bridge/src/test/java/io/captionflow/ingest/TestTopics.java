package io.captionflow.ingest;

import io.captionflow.kafka.TestKafka;
import io.captionflow.schema.Topics;
import java.util.List;
import java.util.UUID;

/**
 * Unique topics per test, created and probed until every partition's leader answers
 * (TopicProvisioner).
 */
public final class TestTopics {

  private TestTopics() {}

  public static Topics create(TestKafka.Broker broker, int partitions) {
    Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.audio(), topics.sessionEvents()), partitions);
    return topics;
  }
}
