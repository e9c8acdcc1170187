package io.captionflow.job.enhance;

import io.captionflow.schema.TranscriptEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Collects a job's output in this JVM under a name (the MiniCluster runs in the test's JVM). */
final class CollectingSink implements Sink<TranscriptEvent> {

  private static final Map<String, List<TranscriptEvent>> COLLECTED = new ConcurrentHashMap<>();

  private final String name;

  CollectingSink(String name) {
    this.name = name;
    COLLECTED.put(name, new CopyOnWriteArrayList<>());
  }

  List<TranscriptEvent> events() {
    return List.copyOf(COLLECTED.get(name));
  }

  @Override
  public SinkWriter<TranscriptEvent> createWriter(WriterInitContext context) {
    List<TranscriptEvent> into = COLLECTED.get(name);
    return new SinkWriter<>() {
      @Override
      public void write(TranscriptEvent event, Context c) {
        into.add(event);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
