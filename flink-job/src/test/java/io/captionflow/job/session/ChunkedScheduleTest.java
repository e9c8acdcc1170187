package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.DecoderState;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedScheduleTest {

  final SessionSettings chunked = SessionSettings.of(LatencyMode.CHUNKED);
  final WindowDecoder decoder = new WindowDecoder(new LevelRecognizer());

  @Test
  void aChunkFallsDueOnceItsRightContextArrivedAndContinuesItsPredecessor() {
    OfflineSchedule schedule =
        (OfflineSchedule) DecodeSchedule.startingAt(chunked, decoder, null, 0);
    assertTrue(schedule instanceof ChunkedSchedule);
    // chunk 1.6 s + right context 0.64 s
    assertEquals(25_600 + 10_240, schedule.nextBoundary());
    SessionAudio audio = SessionAudioTest.speedy(0);
    audio.append(SessionAudioTest.tone(35_840, 0.1f), 0, 35_840);
    DueDecode first = schedule.due(audio);
    assertTrue(first.chunked());
    assertEquals(0, first.windowStart());
    assertEquals(35_840, first.window().length);
    assertEquals(0, first.firstFrame());
    assertEquals(20, first.toFrame()); // 1.6 s of 80 ms frames
    assertEquals(25_600 + 35_840, schedule.nextBoundary());

    // the decoder ran 2 frames past the chunk: the next chunk starts after them
    DecoderState state = new DecoderState(new float[] {1f}, new float[] {2f}, 7, false);
    schedule.complete(
        first,
        new WindowDecoder.Result(List.of(), 35_840, 1, state, 22),
        new TokenConfirmer(chunked.agreement()),
        new RecordingOutput());
    audio.append(SessionAudioTest.tone(25_600, 0.1f), 0, 25_600);
    DueDecode second = schedule.due(audio);
    // its left context (2.24 s) reaches back past the session's start
    assertEquals(0, second.windowStart());
    assertEquals(20, second.firstFrame());
    WindowDecoder.Request request = schedule.request(second);
    assertEquals(second.firstFrame() + 2, request.fromFrame());
    assertEquals(state, request.state());
  }

  @Test
  void theEndOfTheStreamDecodesEveryChunkLeftTheLastOneFlushing() {
    DecodeSchedule schedule = DecodeSchedule.startingAt(chunked, decoder, null, 0);
    SessionAudio audio = SessionAudioTest.speedy(0);
    audio.append(SessionAudioTest.tone(60_000, 0.1f), 0, 60_000);
    List<DueDecode> last = new ArrayList<>();
    schedule.flush(audio, last::add);
    // chunks at 0, 1.6 s and 3.2 s (the last one short), each padded with the right context
    assertEquals(
        List.of(0L, 25_600L, 51_200L),
        last.stream().map(d -> Math.round(d.confirm().windowStart() * 16_000)).toList());
    assertEquals(List.of(false, false, true), last.stream().map(d -> d.confirm().flush()).toList());
    assertTrue(last.stream().allMatch(DueDecode::padded));
    assertEquals(60_000, schedule.nextDecodeAt());
  }
}
