package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.captionflow.diarization.streaming.DiarizationState;
import io.captionflow.diarization.streaming.SessionDiarizer;
import io.captionflow.diarization.timeline.SpeakerTimeline;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.inference.Diarization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeakerAttributionTest {

  final ConfirmedWord hello = new ConfirmedWord("hello", 0.1, 0.4, 0.9f);
  final ConfirmedWord world = new ConfirmedWord("world", 0.5, 0.9, 0.9f);

  @Test
  void wordsOfASessionWithoutSpeakersGoOutAtOnce() {
    SpeakerAttribution none =
        SpeakerAttribution.starting(SessionSettings.of(LatencyMode.SPEEDY), null);
    assertFalse(none.diarized());
    assertEquals(List.of(hello, world), none.attribute(List.of(hello, world), 1.0));
    assertEquals(List.of(), none.awaiting());
    assertNull(none.storedState());
    assertEquals(Optional.empty(), none.lostReason());
  }

  @Test
  void aDiarizedSessionRestoredWithoutAModelKeepsItsStateUntilItGivesUp() {
    SessionDiarizer.State stored =
        new SessionDiarizer.State(
            new DiarizationState(
                3,
                0,
                new float[2],
                new float[0],
                new float[0],
                false,
                new float[0],
                new float[0],
                new float[0],
                0),
            new SpeakerTimeline.Snapshot(4, 10, 0, new float[0]));
    Diarization unavailable = Diarization.unavailable();
    SpeakerAttribution lost = SpeakerAttribution.restored(stored, List.of(hello), unavailable, 4);
    assertFalse(lost.diarized());
    assertEquals(
        Optional.of(
            "diarization unavailable after recovery ("
                + unavailable.refusal(true, 4).orElseThrow()
                + "): speakers are omitted from here on"),
        lost.lostReason());
    assertSame(stored, lost.storedState()); // kept in checkpoints until the loss takes effect
    assertEquals(List.of(world), lost.attribute(List.of(world), 1.0));
    assertEquals(List.of(hello), lost.awaiting());

    assertEquals(List.of(hello), lost.giveUp());
    assertEquals(List.of(), lost.awaiting());
    assertEquals(Optional.empty(), lost.lostReason());
    assertNull(lost.storedState());
  }
}
