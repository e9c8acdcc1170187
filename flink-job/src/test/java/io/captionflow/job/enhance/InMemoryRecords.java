package io.captionflow.job.enhance;

import io.captionflow.job.source.RawRecord;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** A bounded source of given records, in order (parallelism 1): an audio-topic range in memory. */
final class InMemoryRecords {

  /** A record as it travels inside the job graph. */
  record Stored(String topic, int partition, long offset, byte[] key, byte[] value)
      implements Serializable {}

  private InMemoryRecords() {}

  static DataGeneratorSource<RawRecord> source(List<Stored> records) {
    List<Stored> copy = List.copyOf(records);
    GeneratorFunction<Long, RawRecord> at =
        i -> {
          Stored s = copy.get(i.intValue());
          return new RawRecord(s.topic(), s.partition(), s.offset(), s.key(), s.value());
        };
    return new DataGeneratorSource<>(
        at, copy.size(), RateLimiterStrategy.noOp(), TypeInformation.of(RawRecord.class));
  }
}
