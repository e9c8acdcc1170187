package io.captionflow.job.source;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw records from the audio and session-events topics into {@link SessionInput}s. Anything
 * that cannot be accepted goes to the dead-letter side output with its reason and is counted; the
 * job never fails on input.
 */
public final class InputDecoder extends ProcessFunction<RawRecord, SessionInput> {

  public static final String STAGE = "flink-job/decode-input";
  private static final Logger LOG = LoggerFactory.getLogger(InputDecoder.class);

  private final String audioTopic;
  private final String sessionEventsTopic;
  private final double maxChunkSeconds;
  private transient AvroCodec<AudioChunk> chunks;
  private transient AvroCodec<SessionEvent> events;
  private transient ChunkValidator validator;
  private transient Counter deadLetters;

  public InputDecoder(String audioTopic, String sessionEventsTopic, double maxChunkSeconds) {
    this.audioTopic = audioTopic;
    this.sessionEventsTopic = sessionEventsTopic;
    this.maxChunkSeconds = maxChunkSeconds;
  }

  @Override
  public void open(OpenContext context) {
    chunks = AvroCodec.audioChunk();
    events = AvroCodec.sessionEvent();
    validator = new ChunkValidator(maxChunkSeconds);
    deadLetters =
        getRuntimeContext().getMetricGroup().addGroup("captionflow").counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<SessionInput> out) {
    String refusal;
    try {
      refusal = accept(record, out);
    } catch (UndecodableRecordException e) {
      refusal = "undecodable record: " + e.getMessage();
    }
    if (refusal != null) {
      LOG.warn(
          "dead letter from {}-{}@{}: {}", record.topic, record.partition, record.offset, refusal);
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, DeadLetters.of(record, refusal, STAGE));
    }
  }

  private String accept(RawRecord record, Collector<SessionInput> out) {
    if (audioTopic.equals(record.topic)) {
      AudioChunk chunk = chunks.decode(record.value);
      String keyProblem = keyProblem(record, chunk.getSessionId());
      if (keyProblem != null) {
        return keyProblem;
      }
      ChunkValidator.Result result = validator.validate(chunk);
      if (!result.accepted()) {
        return result.refusal();
      }
      out.collect(SessionInput.of(chunk, result.samples(), record));
      return null;
    }
    if (sessionEventsTopic.equals(record.topic)) {
      SessionEvent event = events.decode(record.value);
      String keyProblem = keyProblem(record, event.getSessionId());
      if (keyProblem != null) {
        return keyProblem;
      }
      if (event.getSessionId().isEmpty()) {
        return "empty session id";
      }
      out.collect(SessionInput.of(event, record));
      return null;
    }
    return "record from unexpected topic " + record.topic;
  }

  private static String keyProblem(RawRecord record, String sessionId) {
    if (record.key == null) {
      return null;
    }
    String key = new String(record.key, StandardCharsets.UTF_8);
    return key.equals(sessionId)
        ? null
        : "key '"
            + key
            + "' differs from the record's session id '"
            + sessionId
            + "' (records must be keyed by session)";
  }
}
