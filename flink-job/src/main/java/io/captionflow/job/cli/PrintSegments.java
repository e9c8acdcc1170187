package io.captionflow.job.cli;

import io.captionflow.job.sink.SegmentJson;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The console exit of {@code transcribe --stream}: one line per confirmed segment as it is emitted
 * ({@code [start → end] text}, or {@code [start → end] S1: text} with speaker diarization: speakers
 * counted from one), partials too when asked, and the session's status changes; or, as JSON, one
 * {@link SegmentJson} line per segment and nothing else on standard output (status changes then go
 * to standard error). Runs in the local environment's JVM, so it prints to this process's streams.
 */
public final class PrintSegments implements Sink<TranscriptEvent> {

  private final boolean partials;
  private final boolean json;

  public PrintSegments(boolean partials, boolean json) {
    this.partials = partials;
    this.json = json;
  }

  @Override
  public SinkWriter<TranscriptEvent> createWriter(WriterInitContext context) {
    return new Writer(System.out, json ? System.err : System.out, partials, json);
  }

  public static String format(SubtitleSegment s) {
    return String.format(
        Locale.ROOT,
        "%s[%s → %s] %s%s",
        s.getIsFinal() ? "" : "~ ",
        clock(s.getStartSeconds()),
        clock(s.getEndSeconds()),
        s.getSpeaker() == null ? "" : "S" + (s.getSpeaker() + 1) + ": ",
        s.getText());
  }

  static String clock(double seconds) {
    long ms = Math.round(seconds * 1000);
    return String.format(Locale.ROOT, "%02d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
  }

  private record Writer(PrintStream out, PrintStream status, boolean partials, boolean json)
      implements SinkWriter<TranscriptEvent> {
    @Override
    public void write(TranscriptEvent event, Context context) {
      if (event.getEvent() instanceof SubtitleSegment s && (s.getIsFinal() || partials)) {
        out.println(json ? SegmentJson.line(s) : format(s));
      } else if (event.getEvent() instanceof SessionStatus change) {
        status.println(
            "# session "
                + event.getSessionId()
                + " "
                + change.getState()
                + (change.getReason() == null ? "" : ": " + change.getReason()));
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      out.flush();
      status.flush();
    }

    @Override
    public void close() {
      flush(true);
    }
  }
}
