package io.captionflow.job.cli;

import io.captionflow.schema.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Dead letters of a local run (no Kafka): reported on standard error with their reason. */
public final class LogDeadLetters implements Sink<DeadLetter> {

  @Override
  public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
    return new SinkWriter<>() {
      @Override
      public void write(DeadLetter letter, Context ctx) {
        System.err.println("dead letter (" + letter.getStage() + "): " + letter.getReason());
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
