package io.captionflow.diarization.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.diarization.streaming.SpeakerActivity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeakerTimelineTest {

  /** Frames from {@code first}, one row of 4 probabilities each. */
  static SpeakerActivity frames(long first, float[]... rows) {
    float[] p = new float[rows.length * 4];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, p, i * 4, 4);
    }
    return new SpeakerActivity(first, p);
  }

  static final float[] A = {0.9f, 0.1f, 0, 0},
      B = {0.1f, 0.8f, 0, 0},
      AB = {0.7f, 0.9f, 0, 0},
      C = {0, 0, 0.95f, 0};

  @Test
  void wordGetsTheSpeakerMostActiveOverItsSpan() {
    SpeakerTimeline t = new SpeakerTimeline(4, 100);
    t.append(frames(0, A, A, A, B, B, B, AB, AB, AB, AB));
    WordSpeakerAssigner w = new WordSpeakerAssigner();
    // word 0.00-0.24 s: frames 0-2, all A
    assertEquals(Optional.of(new SpeakerAssignment(0, false, 0.9f)), w.assign(t, 0.0, 0.24));
    // word 0.16-0.40 s: frame 2 (A, 0.08 s), frames 3-4 (B, 0.16 s): B mean = (0.08*0.1 +
    // 0.16*0.8)/0.24 = 0.5667
    SpeakerAssignment b = w.assign(t, 0.16, 0.40).orElseThrow();
    assertEquals(1, b.speaker());
    assertEquals(false, b.overlap());
    assertEquals((0.08 * 0.1 + 0.16 * 0.8) / 0.24, b.activity(), 1e-5);
    // word 0.48-0.80 s: frames 6-9 both active -> B (0.9 > 0.7) and overlapped
    assertEquals(Optional.of(new SpeakerAssignment(1, true, 0.9f)), w.assign(t, 0.48, 0.80));
    // word 0.40-0.56 s: frame 5 B only, frame 6 both: overlapped over half of the span -> flagged
    assertEquals(true, w.assign(t, 0.40, 0.56).orElseThrow().overlap());
  }

  @Test
  void wordBeyondWhatIsKnownWaits() {
    SpeakerTimeline t = new SpeakerTimeline(4, 100);
    t.append(frames(0, A, A));
    assertEquals(0.16, t.coveredUntilSeconds(), 1e-9);
    assertEquals(Optional.empty(), new WordSpeakerAssigner().assign(t, 0.10, 0.20));
    t.append(frames(2, B));
    assertEquals(0, new WordSpeakerAssigner().assign(t, 0.10, 0.20).orElseThrow().speaker());
  }

  @Test
  void maxSpeakersDropsLaterArrivals() {
    SpeakerTimeline t = new SpeakerTimeline(2, 100);
    t.append(frames(0, C, C, B));
    // speaker 2 is beyond the session's 2 speakers: frame 0-1 go to the most active of speakers 0
    // and 1
    assertEquals(0f, t.probability(0, 1));
    assertEquals(1, new WordSpeakerAssigner().assign(t, 0.0, 0.24).orElseThrow().speaker());
  }

  @Test
  void memoryIsBoundedAndDiscardFollowsConfirmation() {
    SpeakerTimeline t = new SpeakerTimeline(4, 3);
    t.append(frames(0, A, A, B, B, B));
    assertEquals(2, t.firstFrame()); // only the newest 3 frames kept
    assertEquals(5, t.endFrame());
    t.discardBefore(0.32); // frames ending at or before 0.32 s: 0..3
    assertEquals(4, t.firstFrame());
    assertEquals(0.8f, t.probability(4, 1));
    t.discardBefore(1.0);
    assertEquals(12, t.firstFrame());
    t.append(frames(5, A, A, A, A, A, A, A, A, B)); // frames 5..13: 12 and 13 kept
    assertEquals(12, t.firstFrame());
    assertEquals(0.9f, t.probability(12, 0));
    assertEquals(0.8f, t.probability(13, 1));
    assertThrows(IllegalArgumentException.class, () -> t.append(frames(20, A)));
  }

  @Test
  void snapshotRestoresTheSameTimeline() {
    SpeakerTimeline t = new SpeakerTimeline(3, 10);
    t.append(frames(4, A, B, AB));
    SpeakerTimeline back = SpeakerTimeline.restore(t.snapshot());
    assertEquals(4, back.firstFrame());
    assertEquals(7, back.endFrame());
    assertEquals(0.9f, back.probability(6, 1));
  }

  @Test
  void splitterCutsAtSpeakerChanges() {
    record W(String text, SpeakerAssignment a) {}
    List<W> words =
        List.of(
            new W("hello", new SpeakerAssignment(0, false, 0.9f)),
            new W("there", new SpeakerAssignment(0, false, 0.9f)),
            new W("hi", new SpeakerAssignment(1, true, 0.8f)),
            new W("again", new SpeakerAssignment(1, false, 0.8f)),
            new W("bye", new SpeakerAssignment(0, false, 0.9f)));
    var runs = SpeakerSegmentSplitter.split(words, W::a);
    assertEquals(3, runs.size());
    assertEquals(List.of("hello", "there"), runs.get(0).words().stream().map(W::text).toList());
    assertEquals(1, runs.get(1).speaker());
    assertEquals(true, runs.get(1).overlap());
    assertEquals(false, runs.get(2).overlap());
    assertEquals(List.of(), SpeakerSegmentSplitter.split(List.<W>of(), W::a));
  }

  @Test
  void turnsFromActivities() {
    var turns = SpeakerTurns.of(frames(0, A, A, B, B, AB, C), TurnParams.plain(), 4, "rec");
    assertEquals(
        List.of(
            new io.captionflow.diarization.scoring.SpeakerTurn("rec", 1, 0.0, 0.16, "spk0"),
            new io.captionflow.diarization.scoring.SpeakerTurn("rec", 1, 0.16, 0.40, "spk1"),
            new io.captionflow.diarization.scoring.SpeakerTurn("rec", 1, 0.32, 0.40, "spk0"),
            new io.captionflow.diarization.scoring.SpeakerTurn("rec", 1, 0.40, 0.48, "spk2")),
        turns);
  }
}
