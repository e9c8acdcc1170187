package io.captionflow.diarization.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.diarization.fixture.SortformerFixture;
import io.captionflow.diarization.fixture.SortformerFixture.ToneTurn;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.model.StreamingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingDiarizerTest {

  // speaker 0: frames 5..24 (0.40-2.00 s); speaker 1: frames 25..44; speakers 0 and 2 together:
  // frames 50..59
  static final List<ToneTurn> TURNS =
      List.of(
          new ToneTurn(0, 0.40, 2.00),
          new ToneTurn(1, 2.00, 3.60),
          new ToneTurn(0, 4.00, 4.80),
          new ToneTurn(2, 4.00, 4.80));
  static final float[] AUDIO = SortformerFixture.synthesize(5.0, TURNS);

  @TempDir static Path dir;
  static SortformerModel model;

  @BeforeAll
  static void load() {
    model =
        SortformerModel.load(
            SortformerConfig.of(SortformerFixture.write(dir.resolve("fixture.onnx")))
                .withStreaming(new StreamingParams(6, 7, 20, 16, 10)));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Speaker sets per frame with probability > 0.5, e.g. "0" or "02" or "-". */
  static List<String> activeSpeakers(SpeakerActivity a) {
    List<String> out = new ArrayList<>();
    for (long f = a.firstFrame(); f < a.endFrame(); f++) {
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < SortformerModel.SPEAKERS; k++) {
        if (a.probability(f, k) > 0.5f) s.append(k);
      }
      out.add(s.length() == 0 ? "-" : s.toString());
    }
    return out;
  }

  static List<String> expected() {
    List<String> out = new ArrayList<>();
    for (int f = 0; f < 63; f++) { // 5.0 s = 500 feature frames = ceil(500/8) = 63 model frames
      out.add(f >= 5 && f < 25 ? "0" : f >= 25 && f < 45 ? "1" : f >= 50 && f < 60 ? "02" : "-");
    }
    return out;
  }

  @Test
  void toneTurnsBecomeExactSpeakerFrames() {
    StreamingDiarizer diarizer = new StreamingDiarizer(model);
    StreamingDiarizer.Step step = diarizer.accept(DiarizationState.initial(), AUDIO);
    StreamingDiarizer.Step last = diarizer.flush(step.state());
    SpeakerActivity all = step.activity().append(last.activity());
    assertEquals(expected(), activeSpeakers(all));
    assertEquals(63, last.state().nextFrame());
  }

  @Test
  void pieceSizeAndRestoredStateDoNotChangeTheResult() {
    StreamingDiarizer diarizer = new StreamingDiarizer(model);
    StreamingDiarizer.Step whole = diarizer.accept(DiarizationState.initial(), AUDIO);
    SpeakerActivity reference = whole.activity().append(diarizer.flush(whole.state()).activity());

    DiarizationState state = DiarizationState.initial();
    SpeakerActivity streamed = SpeakerActivity.empty(0);
    int[] pieces = {160, 1, 5000, 333, 2560, 7};
    int at = 0, i = 0;
    while (at < AUDIO.length) {
      int n = Math.min(pieces[i++ % pieces.length], AUDIO.length - at);
      StreamingDiarizer.Step s =
          diarizer.accept(copy(state), Arrays.copyOfRange(AUDIO, at, at + n));
      state = s.state();
      streamed = streamed.append(s.activity());
      at += n;
    }
    streamed = streamed.append(diarizer.flush(state).activity());
    assertArrayEquals(reference.probs(), streamed.probs());
  }

  @Test
  void activitiesArriveAfterTheLatency() {
    StreamingDiarizer diarizer = new StreamingDiarizer(model);
    // (6 + 7) frames × 1280 samples + 256 samples of front-end look-ahead = 16896 samples before
    // the first chunk
    StreamingDiarizer.Step before =
        diarizer.accept(DiarizationState.initial(), Arrays.copyOf(AUDIO, 16_895));
    assertEquals(0, before.activity().frames());
    StreamingDiarizer.Step after = diarizer.accept(before.state(), new float[] {AUDIO[16_895]});
    assertEquals(6, after.activity().frames());
    assertEquals(0, after.activity().firstFrame());
  }

  /** A state as Flink would hand it back after recovery: equal values, fresh arrays. */
  static DiarizationState copy(DiarizationState s) {
    return new DiarizationState(
        s.nextFrame(),
        s.audioStart(),
        s.audio().clone(),
        s.spkcache().clone(),
        s.spkcachePreds().clone(),
        s.cachePredsKnown(),
        s.fifo().clone(),
        s.fifoPreds().clone(),
        s.silenceMean().clone(),
        s.silenceFrames());
  }
}
