package io.captionflow.testsupport;

import io.captionflow.schema.Topics;
import java.util.List;
import java.util.UUID;

/**
 * Unique topics per test, created and probed until every partition's leader answers
 * (TopicProvisioner).
 */
public final class TestTopics {

  private TestTopics() {}

  /** The audio and session-events topics under a prefix no other test uses. */
  public static Topics create(TestKafka.Broker broker, int partitions) {
    Topics topics = unique("t");
    broker.createTopics(List.of(topics.audio(), topics.sessionEvents()), partitions);
    return topics;
  }

  /** Topic names under {@code label-<random uuid>.}, not created. */
  public static Topics unique(String label) {
    return Topics.DEFAULT.withPrefix(label + "-" + UUID.randomUUID() + ".");
  }
}
