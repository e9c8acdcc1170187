package io.captionflow.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Where readers of our topics start: the first record at or after a time. */
public final class KafkaSeek {

  private KafkaSeek() {}

  /**
   * Seeks each partition to its first record stamped at or after {@code sinceMillis}; a partition
   * with none that recent is read from its end.
   */
  public static void toTime(
      Consumer<?, ?> consumer, Collection<TopicPartition> partitions, long sinceMillis) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, sinceMillis));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    List<TopicPartition> nothingSince = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      if (at != null) {
        consumer.seek(tp, at.offset());
      } else {
        nothingSince.add(tp);
      }
    }
    if (!nothingSince.isEmpty()) { // an empty list would mean "all partitions" to seekToEnd
      consumer.seekToEnd(nothingSince);
    }
  }
}
