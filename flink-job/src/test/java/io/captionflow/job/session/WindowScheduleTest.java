package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowScheduleTest {

  final SessionSettings speedy = SessionSettings.of(LatencyMode.SPEEDY);
  final WindowDecoder decoder = new WindowDecoder(new LevelRecognizer());

  @Test
  void aDecodeFallsDueEveryIntervalOverTheLastBufferOnTheFrameGrid() {
    DecodeSchedule schedule = DecodeSchedule.startingAt(speedy, decoder, null, 0);
    assertTrue(schedule instanceof WindowSchedule);
    assertEquals(3_200, schedule.nextBoundary()); // 0.2 s
    SessionAudio audio = SessionAudioTest.speedy(0);
    audio.append(SessionAudioTest.tone(140_000, 0.1f), 0, 140_000);
    DueDecode d = schedule.due(audio);
    // the 8 s buffer's start rounded down to the 80 ms frame grid
    long start = Math.floorDiv(140_000 - 128_000, 1_280) * 1_280L;
    assertEquals(start, d.windowStart());
    assertEquals(140_000, d.audioEnd());
    assertArrayEquals(audio.read(start, 140_000), d.window());
    assertFalse(d.chunked() || d.streaming() || d.padded());
    assertEquals(143_200, schedule.nextBoundary());
    WindowDecoder.Request request = ((OfflineSchedule) schedule).request(d);
    assertTrue(request.isFullWindow());
    assertEquals(start, request.startSample());
  }

  @Test
  void aWindowWithoutSpeechNeedsNoModelCallAndConfirmsNothing() {
    OfflineSchedule schedule =
        (OfflineSchedule) DecodeSchedule.startingAt(speedy, decoder, null, 0);
    SessionAudio audio = SessionAudioTest.speedy(0);
    audio.append(null, 0, 3_200);
    DueDecode d = schedule.due(audio);
    assertNull(d.window());
    assertFalse(d.needsModel());
    TokenConfirmer.Decision decision =
        schedule.complete(d, null, new TokenConfirmer(speedy.agreement()), new RecordingOutput());
    assertEquals(List.of(), decision.confirmed());
    assertEquals(List.of(), decision.pending());
  }

  @Test
  void theLastDecodeOfAStreamIsPaddedWithSilence() {
    DecodeSchedule schedule = DecodeSchedule.startingAt(speedy, decoder, null, 0);
    SessionAudio audio = SessionAudioTest.speedy(0);
    audio.append(SessionAudioTest.tone(2_000, 0.1f), 0, 2_000);
    List<DueDecode> last = new ArrayList<>();
    schedule.flush(audio, last::add);
    assertEquals(1, last.size());
    DueDecode d = last.get(0);
    assertTrue(d.padded());
    assertTrue(d.confirm().flush());
    assertEquals(2_000 + WindowSchedule.FLUSH_PADDING_SAMPLES, d.window().length);
    assertArrayEquals(audio.read(0, 2_000), java.util.Arrays.copyOf(d.window(), 2_000));
  }
}
