package io.captionflow.diarization.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import io.captionflow.diarization.fixture.SortformerFixture;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.diarization.scoring.DerResult;
import io.captionflow.diarization.scoring.DerScorer;
import io.captionflow.diarization.scoring.Rttm;
import io.captionflow.diarization.scoring.SpeakerTurn;
import io.captionflow.diarization.streaming.FileDiarizer;
import io.captionflow.diarization.streaming.SpeakerActivity;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.diarization.timeline.SpeakerTurns;
import io.captionflow.diarization.timeline.TurnParams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared two-speaker recording (pyannote sample, 30 s, RTTM reference) through the whole path.
 */
class TwoSpeakersTest {

  static final Path DATA =
      Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
          .resolve("../shared/testdata/diarization/two-speakers");

  @TempDir Path dir;

  @Test
  void sessionInPiecesWithRecoveryMatchesTheWholeFileOnTheFixture() throws Exception {
    PcmAudio audio = WavReader.read(DATA.resolve("sample.wav"));
    try (SortformerModel model =
        SortformerModel.load(
            SortformerConfig.of(SortformerFixture.write(dir.resolve("f.onnx")))
                .withStreaming(StreamingParams.LOW_LATENCY))) {
      StreamingDiarizer diarizer = new StreamingDiarizer(model);
      SpeakerActivity whole = FileDiarizer.diarize(diarizer, audio.samples());
      // 30 s = 480000 samples = 3000 feature frames = 375 model frames of 80 ms
      assertEquals(480_000, audio.samples().length);
      assertEquals(375, whole.frames());

      // live: 0.1 s pieces, the session "recovered" from its state every 5 s
      SessionDiarizer session = new SessionDiarizer(diarizer, 4);
      SpeakerActivity live = SpeakerActivity.empty(0);
      for (int at = 0; at < audio.samples().length; at += 1600) {
        if (at % 80_000 == 0) {
          session = SessionDiarizer.restore(diarizer, session.state());
        }
        live = live.append(session.accept(Arrays.copyOfRange(audio.samples(), at, at + 1600)));
      }
      live = live.append(session.flush());
      assertArrayEquals(whole.probs(), live.probs());
      assertEquals(30.0, session.coveredUntilSeconds(), 1e-9);

      // hypothesis RTTM round-trips and scores against the reference
      List<SpeakerTurn> hyp = SpeakerTurns.of(whole, TurnParams.plain(), 4, "sample");
      Path file = dir.resolve("hyp.rttm");
      Rttm.write(file, hyp);
      DerResult r = new DerScorer(0).score(Rttm.read(DATA.resolve("sample.rttm")), Rttm.read(file));
      // reference speech: sum of the 10 turns' durations
      double refSpeech =
          Rttm.read(DATA.resolve("sample.rttm")).stream().mapToDouble(SpeakerTurn::duration).sum();
      assertEquals(refSpeech, r.scoredSpeech(), 1e-6);
      assertEquals(r.scoredSpeech() * r.der(), r.missed() + r.falseAlarm() + r.confusion(), 1e-6);
    }
  }

  @Test
  void derReportWithRealWeights() throws Exception {
    String path = System.getenv(SortformerConfig.MODEL_PATH_ENV);
    assumeTrue(
        path != null && !path.isBlank(),
        "SORTFORMER_MODEL_PATH not set: real-weights DER report skipped");
    PcmAudio audio = WavReader.read(DATA.resolve("sample.wav"));
    try (SortformerModel model = SortformerModel.load(SortformerConfig.of(Path.of(path)))) {
      SpeakerActivity activity =
          FileDiarizer.diarize(new StreamingDiarizer(model), audio.samples());
      List<SpeakerTurn> hyp = SpeakerTurns.of(activity, TurnParams.callhome(), 4, "sample");
      DerResult r = new DerScorer(0.25).score(Rttm.read(DATA.resolve("sample.rttm")), hyp);
      System.out.println("two-speakers, collar 0.25 s: " + r.summary());
      assertTrue(r.der() < 0.5, "DER far above chance level: " + r.summary());
    }
  }
}
