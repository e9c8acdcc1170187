package io.captionflow.job.enhance;

import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts an enhancement's output in this JVM (a benchmark's sink on a local MiniCluster): enhanced
 * segments and words, and the ENHANCED status's summary.
 */
public final class TranscriptTally implements Sink<TranscriptEvent> {

  /** What arrived under one name. */
  public static final class Counts {
    public final AtomicLong segments = new AtomicLong();
    public final AtomicLong words = new AtomicLong();
    public final AtomicReference<String> summary = new AtomicReference<>();
  }

  private static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

  private final String name;

  public TranscriptTally(String name) {
    this.name = name;
    COUNTS.put(name, new Counts());
  }

  public Counts counts() {
    return COUNTS.get(name);
  }

  @Override
  public SinkWriter<TranscriptEvent> createWriter(WriterInitContext context) {
    Counts counts = COUNTS.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(TranscriptEvent event, Context c) {
        if (event.getEvent() instanceof EnhancedSegment s) {
          counts.segments.incrementAndGet();
          counts.words.addAndGet(s.getWords().size());
        } else if (event.getEvent() instanceof SessionStatus status) {
          counts.summary.set(status.getReason());
        }
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
