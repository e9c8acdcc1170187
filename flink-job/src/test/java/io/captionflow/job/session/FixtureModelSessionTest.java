package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.fixtures.asr.ScheduledSpeech;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real ParakeetRecognizer on the tone-language fixture model, through the streaming session
 * logic.
 */
class FixtureModelSessionTest {

  static ParakeetRecognizer recognizer;

  @BeforeAll
  static void load() {
    recognizer = FixtureAudio.loadRecognizer();
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  static RecordingOutput run(LatencyMode mode, float[] audio) {
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD, new WindowDecoder(recognizer), new RmsEnergyModel());
    s.onStart(SessionSettings.of(mode), out);
    List<float[]> chunks = SessionStreamTest.chunks(audio, 1600);
    for (int i = 0; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void everyModeConfirmsTheExactWordsAndTimes(LatencyMode mode) {
    RecordingOutput out = run(mode, FixtureAudio.audio());
    assertEquals(FixtureAudio.expectedWordTimes(), out.finalWordTimes(), mode.id());
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void fortyFiveSecondsOfPhrasesLoseAndDoubleNoWord(LatencyMode mode) {
    var language = FixtureAudio.language();
    var schedule = ScheduledSpeech.fixtureSchedule(language, 45);
    RecordingOutput out = run(mode, language.synthesize(schedule, 45));
    assertEquals(
        language.expectedWords(schedule).stream().map(FixtureAudio::format).toList(),
        out.finalWordTimes(),
        mode.id());
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void everyModeEmitsEachWordOnceAsFinalWordsTheDecodeThatConfirmsIt(LatencyMode mode) {
    RecordingOutput out = run(mode, FixtureAudio.audio());
    assertEquals(FixtureAudio.expectedWordTimes(), out.emittedWordTimes(), mode.id());
    // Without diarization a word goes out by the very decode that confirms it.
    List<Double> emittedAt =
        out.finalWordEvents.stream()
            .flatMap(e -> e.words().stream().map(w -> e.audioNow()))
            .toList();
    assertEquals(out.confirmedAt, emittedAt, mode.id());
    assertEquals(out.confirmedWords, out.finalWords(), mode.id());
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void aSegmentClosesAfterItsWordsWentOutAndCarriesExactlyThem(LatencyMode mode) {
    RecordingOutput out = run(mode, FixtureAudio.audio());
    List<String> expected = new java.util.ArrayList<>();
    for (var segment : out.finals()) {
      List<String> own =
          out.finalWordEvents.stream()
              .filter(e -> e.sequence() == segment.sequence())
              .flatMap(e -> e.words().stream())
              .map(w -> w.text() + "@" + w.startSeconds() + "-" + w.endSeconds())
              .toList();
      assertEquals(
          segment.words().stream()
              .map(w -> w.text() + "@" + w.startSeconds() + "-" + w.endSeconds())
              .toList(),
          own,
          mode.id() + " segment " + segment.sequence());
      expected.add("segment " + segment.sequence() + ": " + segment.text());
    }
    // Drop every words line: the segments stay in order, and each one's words come before it.
    List<String> segmentsOnly =
        out.finalOrder.stream().filter(line -> line.startsWith("segment ")).toList();
    assertEquals(expected, segmentsOnly, mode.id());
    for (int i = 0; i < out.finalOrder.size(); i++) {
      String line = out.finalOrder.get(i);
      if (line.startsWith("words ")) {
        String sequence = line.substring("words ".length(), line.indexOf(':'));
        long closedBefore =
            out.finalOrder.subList(0, i).stream()
                .filter(l -> l.startsWith("segment " + sequence + ":"))
                .count();
        assertEquals(0, closedBefore, mode.id() + ": " + line + " after its segment closed");
      }
    }
  }

  @Test
  void speedyWordsGoOutOneDecodeAtATimeBeforeTheirSegmentCloses() {
    RecordingOutput out = run(LatencyMode.SPEEDY, FixtureAudio.audio());
    assertEquals(
        List.of(
            "words 0: hello",
            "words 0: world",
            "words 0: live",
            "words 0: captions",
            "segment 0: hello world live captions",
            "words 1: for",
            "words 1: every",
            "words 1: stream",
            "segment 1: for every stream",
            "words 2: no",
            "words 2: words",
            "words 2: from",
            "words 2: live",
            "words 2: captions",
            "segment 2: no words from live captions",
            "words 3: hello",
            "words 3: stream",
            "segment 3: hello stream"),
        out.finalOrder);
  }

  @Test
  void speedySegmentsArePhrases() {
    RecordingOutput out = run(LatencyMode.SPEEDY, FixtureAudio.audio());
    assertEquals(
        List.of(
            "hello world live captions",
            "for every stream",
            "no words from live captions",
            "hello stream"),
        out.finals().stream().map(s -> s.text()).toList());
  }

  @Test
  void chunkedModeMatchesFullWindowTextAtUnderThreeEncoderPasses() {
    float[] audio = FixtureAudio.audio();
    RecordingOutput chunked = run(LatencyMode.CHUNKED, audio);
    RecordingOutput speedy = run(LatencyMode.SPEEDY, audio);
    assertEquals(speedy.finalWordTimes(), chunked.finalWordTimes());
    double factor = chunked.encodedSamples / (double) audio.length;
    assertTrue(factor <= 3.0, "chunked encoder-pass factor " + factor);
  }

  @Test
  void silenceIsNotDecodedAndGivesNoWords() {
    for (LatencyMode mode : List.of(LatencyMode.SPEEDY, LatencyMode.CHUNKED)) {
      RecordingOutput out = run(mode, new float[16000 * 10]);
      assertEquals(List.of(), out.segments, mode.id());
      assertEquals(0, out.decodes, mode.id());
    }
  }

  @Test
  void steadyNoisePassesTheEnergyVadButGivesNoWords() {
    float[] audio = new float[16000 * 10];
    Random random = new Random(11);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (random.nextGaussian() * 0.05);
    }
    for (LatencyMode mode : List.of(LatencyMode.SPEEDY, LatencyMode.CHUNKED)) {
      RecordingOutput out = run(mode, audio);
      assertTrue(out.decodes > 0, "RMS VAD lets noise through to the model");
      assertEquals(List.of(), out.segments, mode.id());
    }
  }
}
