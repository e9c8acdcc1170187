package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both fixture models (tone-language ASR, Sortformer) through the streaming session: who said which
 * word.
 */
class DiarizedSessionTest {

  static ParakeetRecognizer recognizer;
  static Diarization diarization;

  @BeforeAll
  static void load() {
    recognizer = FixtureAudio.loadRecognizer();
    diarization = SpeakerToneAudio.diarization();
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  static SessionSettings diarized(LatencyMode mode) {
    return SessionSettings.of(mode).withDiarization(true, 2);
  }

  static RecordingOutput run(SessionSettings settings, Diarization d, boolean restoreEveryChunk) {
    RecordingOutput out = new RecordingOutput();
    WindowDecoder decoder = new WindowDecoder(recognizer);
    SessionStream s =
        SessionStream.create(SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel(), d);
    s.onStart(settings, out);
    List<float[]> chunks = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600);
    for (int i = 0; i < chunks.size(); i++) {
      if (restoreEveryChunk) {
        s =
            SessionStream.fromBytes(
                s.toBytes(), SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel(), d);
      }
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    return out;
  }

  static List<String> words(RecordingOutput out) {
    return out.finalWords().stream().map(DiarizedSessionTest::word).toList();
  }

  static String word(ConfirmedWord w) {
    return w.text()
        + "@"
        + RecordingOutput.round(w.startSeconds())
        + "-"
        + RecordingOutput.round(w.endSeconds())
        + "/"
        + w.speaker()
        + (w.speakerOverlap() ? "*" : "");
  }

  static String withoutSpeaker(String word) {
    return word.substring(0, word.indexOf('/'));
  }

  static List<String> segments(RecordingOutput out) {
    return out.finals().stream().map(DiarizedSessionTest::segment).toList();
  }

  static String segment(Segment s) {
    return s.speaker() + (s.speakerOverlap() ? "*" : "") + ": " + s.text();
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void everyWordGetsItsSpeakerAndSegmentsSplitAtSpeakerChanges(LatencyMode mode) {
    RecordingOutput out = run(diarized(mode), diarization, false);
    assertEquals(SpeakerToneAudio.EXPECTED_WORDS, words(out), mode.id());
    assertEquals(SpeakerToneAudio.EXPECTED_SEGMENTS, segments(out), mode.id());
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void finalWordsGoOutOnlyOnceTheirSpeakerIsKnown(LatencyMode mode) {
    RecordingOutput out = run(diarized(mode), diarization, false);
    assertEquals(
        SpeakerToneAudio.EXPECTED_WORDS,
        out.finalWordEvents.stream()
            .flatMap(e -> e.words().stream())
            .map(DiarizedSessionTest::word)
            .toList(),
        mode.id());
    // Never before the decode that confirmed the word: diarized words add the speaker's delay.
    List<Double> emittedAt =
        out.finalWordEvents.stream()
            .flatMap(e -> e.words().stream().map(w -> e.audioNow()))
            .toList();
    for (int i = 0; i < emittedAt.size(); i++) {
      assertTrue(emittedAt.get(i) >= out.confirmedAt.get(i), mode.id() + " word " + i);
    }
  }

  @Test
  void aSessionRestoredFromItsStateAfterEveryChunkKeepsItsSpeakers() {
    RecordingOutput straight = run(diarized(LatencyMode.SPEEDY), diarization, false);
    RecordingOutput restored = run(diarized(LatencyMode.SPEEDY), diarization, true);
    assertEquals(SpeakerToneAudio.EXPECTED_WORDS, words(restored));
    assertEquals(
        straight.segments.stream()
            .map(e -> e.isFinal() + " " + e.revision() + " " + segment(e.segment()))
            .toList(),
        restored.segments.stream()
            .map(e -> e.isFinal() + " " + e.revision() + " " + segment(e.segment()))
            .toList());
  }

  @Test
  void withoutDiarizationWordsAndSegmentsHaveNoSpeaker() {
    RecordingOutput out = run(SessionSettings.of(LatencyMode.SPEEDY), diarization, false);
    assertEquals(
        List.of(
            "hello@0.40-0.56/null",
            "world@0.88-1.04/null",
            "stream@1.36-1.52/null",
            "no@1.84-2.00/null",
            "words@2.32-2.48/null",
            "from@2.80-2.96/null",
            "every@4.24-4.40/null",
            "world@4.72-4.88/null"),
        words(out));
    assertEquals(
        List.of("null: hello world stream no words from", "null: every world"), segments(out));
  }

  @Test
  void aDiarizedSessionIsRefusedWhenNoModelIsLoaded() {
    RecordingOutput out = run(diarized(LatencyMode.SPEEDY), Diarization.unavailable(), false);
    assertEquals(
        List.of(
            "REFUSED: speaker diarization was requested but is unavailable: no Sortformer model is"
                + " configured (set SORTFORMER_MODEL_PATH to the diar_streaming_sortformer_4spk-v2 ONNX file)"),
        out.statuses);
    assertEquals(List.of(), out.segments);
    assertEquals(0, out.decodes);
  }

  static final String LOST =
      "diarization unavailable after recovery (speaker diarization was requested but is"
          + " unavailable: no Sortformer model is configured (set SORTFORMER_MODEL_PATH to the"
          + " diar_streaming_sortformer_4spk-v2 ONNX file)): speakers are omitted from here on";

  /**
   * A speedy diarized session whose state is stored and restored before chunk {@code restoreAt},
   * once per entry of {@code restores} (the task managers it lands on), and then after every later
   * chunk on the last of them.
   */
  static RecordingOutput recovered(int restoreAt, List<Diarization> restores, RecordingOutput out) {
    WindowDecoder decoder = new WindowDecoder(recognizer);
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel(), diarization);
    s.onStart(diarized(LatencyMode.SPEEDY), out);
    List<float[]> chunks = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600);
    for (int i = 0; i < chunks.size(); i++) {
      List<Diarization> hops =
          i == restoreAt
              ? restores
              : i > restoreAt ? List.of(restores.get(restores.size() - 1)) : List.of();
      for (Diarization d : hops) {
        s =
            SessionStream.fromBytes(
                s.toBytes(), SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel(), d);
      }
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    return out;
  }

  @Test
  void aDiarizedSessionRecoveredWhereTheModelIsMissingKeepsItsSubtitlesWithoutSpeakers() {
    int restoreAt = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600).size() / 2;
    RecordingOutput out = new RecordingOutput();
    recovered(restoreAt, List.of(Diarization.unavailable()), out);

    // Words attributed before the restore (emitted, or waiting in the open segment) keep their
    // speaker; none after.
    List<String> expected = SpeakerToneAudio.EXPECTED_WORDS;
    List<String> got = words(out);
    assertEquals(
        expected.stream().map(DiarizedSessionTest::withoutSpeaker).toList(),
        got.stream().map(DiarizedSessionTest::withoutSpeaker).toList());
    int kept = (int) got.stream().takeWhile(w -> !w.endsWith("/null")).count();
    assertTrue(kept > 0 && kept < expected.size(), kept + " kept: " + got);
    assertEquals(expected.subList(0, kept), got.subList(0, kept));
    assertTrue(
        got.subList(kept, got.size()).stream().allMatch(w -> w.endsWith("/null")), got.toString());
    // Said once, although the state was stored and restored (without a model) after every later
    // chunk.
    assertEquals(List.of("STARTED", "STARTED: " + LOST, "ENDED"), out.statuses);
    assertEquals(List.of(LOST), out.diarizationLost);
  }

  @Test
  void theDiarizerStateIsKeptUntilAudioPassesWithoutTheModel() {
    RecordingOutput straight = run(diarized(LatencyMode.SPEEDY), diarization, false);
    int restoreAt = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600).size() / 2;
    // Recovered twice without the model, then with it, before any audio: nothing was lost, speakers
    // resume.
    RecordingOutput out =
        recovered(
            restoreAt,
            List.of(Diarization.unavailable(), Diarization.unavailable(), diarization),
            new RecordingOutput());
    assertEquals(SpeakerToneAudio.EXPECTED_WORDS, words(out));
    assertEquals(segments(straight), segments(out));
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
    assertEquals(List.of(), out.diarizationLost);
  }

  @Test
  void onceAudioWentByWithoutTheModelALaterRecoveryWithItStaysWithoutSpeakers() {
    int restoreAt = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600).size() / 2;
    RecordingOutput without =
        recovered(restoreAt, List.of(Diarization.unavailable()), new RecordingOutput());
    // Lost at restoreAt, then from restoreAt + 1 on every restore finds the model again.
    RecordingOutput out = new RecordingOutput();
    WindowDecoder decoder = new WindowDecoder(recognizer);
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel(), diarization);
    s.onStart(diarized(LatencyMode.SPEEDY), out);
    List<float[]> chunks = SessionStreamTest.chunks(SpeakerToneAudio.audio(), 1600);
    for (int i = 0; i < chunks.size(); i++) {
      if (i >= restoreAt) {
        s =
            SessionStream.fromBytes(
                s.toBytes(),
                SessionStream.Defaults.STANDARD,
                decoder,
                new RmsEnergyModel(),
                i == restoreAt ? Diarization.unavailable() : diarization);
      }
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    assertEquals(words(without), words(out));
    assertEquals(List.of("STARTED", "STARTED: " + LOST, "ENDED"), out.statuses);
  }

  @Test
  void maxSpeakersOutsideOneToFourIsRefusedWithItsName() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> SessionSettings.of(LatencyMode.SPEEDY).withDiarization(true, 5));
    assertEquals("invalid number of speakers 5: expected 1 to 4", e.getMessage());
    assertTrue(SessionSettings.of(LatencyMode.SPEEDY).withDiarization(false, 0) != null);
  }
}
