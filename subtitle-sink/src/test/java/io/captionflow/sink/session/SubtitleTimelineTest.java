package io.captionflow.sink.session;

import static io.captionflow.sink.Events.word;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.SessionState;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.sink.Events;
import io.captionflow.sink.session.SubtitleTimeline.CaptureClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link LiveSession#timeline()} tells the HLS rendition about a run in audio time. */
class SubtitleTimelineTest {

  private final LiveSession session = new LiveSession("s", 100, 0);

  private void accept(TranscriptEvent e, long atMillis) {
    session.accept(e.getEvent(), e.getRun(), atMillis);
  }

  private static TranscriptEvent capturedFinal(long run, double start, double end, long capture) {
    TranscriptEvent e = Events.finalOf("s", run, 0, List.of(word("hello", start, end)));
    ((SubtitleSegment) e.getEvent()).setCaptureTimeMillis(capture);
    return e;
  }

  @Test
  void tracksPausesTheCaptureClockAndTheEnd() {
    accept(Events.status("s", SessionState.STARTED, 0.0), 10_000);
    SubtitleTimeline started = session.timeline();
    assertEquals(0.0, started.silentSinceSeconds());
    assertEquals(10_000L, started.silentSinceMillis());

    accept(Events.speech("s", true, 1.0), 11_000);
    assertEquals(null, session.timeline().silentSinceSeconds());
    accept(capturedFinal(0, 1.0, 1.5, 11_600), 12_000);
    accept(capturedFinal(0, 2.0, 2.5, 99_000), 12_500);
    accept(Events.speech("s", false, 2.6), 13_000);

    SubtitleTimeline paused = session.timeline();
    assertEquals(2.6, paused.silentSinceSeconds());
    assertEquals(13_000L, paused.silentSinceMillis());
    assertEquals(13_000L, paused.lastEventMillis());
    assertEquals(2.5, paused.confirmedThroughSeconds());
    // Pinned by the run's first captured caption: later ones do not move it.
    assertEquals(new CaptureClock(1.5, 11_600), paused.clock());
    assertEquals(10_100, paused.clock().wallMillisAt(0));
    assertEquals(false, paused.over());

    accept(Events.status("s", SessionState.ENDED, 3.2), 14_000);
    SubtitleTimeline ended = session.timeline();
    assertEquals(true, ended.over());
    assertEquals(3.2, ended.endSeconds());
    assertEquals(2, ended.confirmed().size());
  }

  @Test
  void aNewRunStartsFromNothing() {
    accept(capturedFinal(0, 1.0, 1.5, 11_600), 12_000);
    accept(Events.status("s", SessionState.ENDED, 3.2), 14_000);
    accept(Events.inRun(1, Events.status("s", SessionState.STARTED, 0.0)), 20_000);
    assertEquals(
        new SubtitleTimeline(1, false, null, List.of(), null, 0.0, 20_000L, 20_000, null),
        session.timeline());
  }
}
