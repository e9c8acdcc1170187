package io.captionflow.sink.consume;

/**
 * What {@code GET /health} says about Kafka.
 *
 * @param reachable the last metadata request to the broker succeeded
 * @param status starting, waiting (topic missing / broker down), reading, unreachable, failed
 * @param lastContactMillis epoch ms of the last successful broker answer, 0 before the first
 * @param lag records on the topic not read yet (all partitions)
 * @param caughtUp the start-up history rebuild has reached the end of the topic as it was at start
 */
public record ConsumerHealth(
    String topic,
    boolean reachable,
    String status,
    long lastContactMillis,
    long lag,
    int partitions,
    boolean caughtUp,
    long recordsRead,
    long undecodableRecords) {

  static ConsumerHealth starting(String topic) {
    return new ConsumerHealth(topic, false, "starting", 0, 0, 0, false, 0, 0);
  }

  ConsumerHealth waiting(String why) {
    return new ConsumerHealth(
        topic,
        false,
        "waiting: " + why,
        lastContactMillis,
        lag,
        partitions,
        caughtUp,
        recordsRead,
        undecodableRecords);
  }

  ConsumerHealth unreachable(String why) {
    return new ConsumerHealth(
        topic,
        false,
        "unreachable: " + why,
        lastContactMillis,
        lag,
        partitions,
        caughtUp,
        recordsRead,
        undecodableRecords);
  }

  ConsumerHealth failed(String why) {
    return new ConsumerHealth(
        topic,
        false,
        "failed: " + why,
        lastContactMillis,
        lag,
        partitions,
        caughtUp,
        recordsRead,
        undecodableRecords);
  }
}
