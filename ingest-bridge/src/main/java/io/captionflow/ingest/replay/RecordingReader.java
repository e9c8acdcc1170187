package io.captionflow.ingest.replay;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a recorded session back from Kafka: every partition of the audio topic from the beginning
 * up to the end offsets found at the start, keeping records whose key is the session id (only those
 * are decoded). When the id was used more than once, the most recent run (the last one starting at
 * sequence 0) is the recording.
 */
public final class RecordingReader {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingReader.class);

  private final BridgeConfig config;
  private final Duration timeout;

  public RecordingReader(BridgeConfig config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
  }

  public Recording read(String sessionId) {
    AvroCodec<AudioChunk> chunkCodec = AvroCodec.audioChunk();
    List<AudioChunk> chunks = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    scan(
        config.topics().audio(),
        (key, value) -> {
          if (!sessionId.equals(key)) {
            return;
          }
          AudioChunk chunk;
          try {
            chunk = chunkCodec.decode(value);
          } catch (UndecodableRecordException e) {
            LOG.warn("skipping an undecodable record of session {}: {}", sessionId, e.getMessage());
            return;
          }
          long expected = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).getSequence() + 1;
          if (chunk.getSequence() == 0 && !chunks.isEmpty()) {
            chunks.clear(); // the id was reused: a newer run starts here
            gaps.clear();
            expected = 0;
          }
          if (chunk.getSequence() < expected) {
            return; // a duplicate (the job de-duplicates the same way)
          }
          for (long missing = expected; missing < chunk.getSequence(); missing++) {
            gaps.add(missing);
          }
          chunks.add(chunk);
        });

    AvroCodec<SessionEvent> eventCodec = AvroCodec.sessionEvent();
    SessionEvent[] start = {null};
    int[] replays = {0};
    Pattern replayId = Pattern.compile(Pattern.quote(sessionId) + "-replay-(\\d{1,9})");
    scan(
        config.topics().sessionEvents(),
        (key, value) -> {
          if (key == null) {
            return;
          }
          Matcher m = replayId.matcher(key);
          if (m.matches()) {
            replays[0] = Math.max(replays[0], Integer.parseInt(m.group(1)));
          } else if (key.equals(sessionId)) {
            try {
              SessionEvent event = eventCodec.decode(value);
              if (event.getType() == SessionEventType.START) {
                start[0] = event;
              }
            } catch (UndecodableRecordException e) {
              LOG.warn(
                  "skipping an undecodable session event of {}: {}", sessionId, e.getMessage());
            }
          }
        });
    return new Recording(sessionId, List.copyOf(chunks), start[0], List.copyOf(gaps), replays[0]);
  }

  private void scan(String topic, BiConsumer<String, byte[]> each) {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "topic " + topic + " does not exist on " + config.bootstrapServers());
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading " + topic + " took longer than " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(r.key(), r.value());
          }
        }
      }
    }
  }
}
