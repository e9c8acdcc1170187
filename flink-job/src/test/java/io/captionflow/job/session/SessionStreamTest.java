package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.job.session.LevelRecognizer.Spoken;
import io.captionflow.schema.SessionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionStreamTest {

  /** one two three four. (pause) hello five six (pause) seven eight — frame grid 80 ms. */
  static final List<Spoken> SCRIPT =
      List.of(
          new Spoken(1, 10, 4),
          new Spoken(2, 16, 3),
          new Spoken(3, 21, 5),
          new Spoken(4, 28, 4),
          new Spoken(9, 32, 1),
          new Spoken(7, 45, 3),
          new Spoken(8, 48, 2),
          new Spoken(5, 52, 4),
          new Spoken(6, 58, 4),
          new Spoken(10, 80, 4),
          new Spoken(11, 86, 5));

  static final int TOTAL_FRAMES = 110;

  static final List<String> EXPECTED =
      List.of(
          "one@0.80-1.12",
          "two@1.28-1.52",
          "three@1.68-2.08",
          "four.@2.24-2.64",
          "hello@3.60-4.00",
          "five@4.16-4.48",
          "six@4.64-4.96",
          "seven@6.40-6.72",
          "eight@6.88-7.28");

  static RecordingOutput run(LatencyMode mode, float[] audio, int chunkSamples) {
    return run(SessionSettings.of(mode), audio, chunkSamples, false);
  }

  static RecordingOutput run(
      SessionSettings settings, float[] audio, int chunkSamples, boolean viaBytes) {
    RecordingOutput out = new RecordingOutput();
    SessionStream.Defaults defaults = SessionStream.Defaults.STANDARD;
    WindowDecoder decoder = new WindowDecoder(new LevelRecognizer());
    RmsEnergyModel vad = new RmsEnergyModel();
    SessionStream s = SessionStream.create(defaults, decoder, vad);
    s.onStart(settings, out);
    List<float[]> chunks = chunks(audio, chunkSamples);
    for (int i = 0; i < chunks.size(); i++) {
      if (viaBytes) {
        s = SessionStream.fromBytes(s.toBytes(), defaults, decoder, vad);
      }
      s.onChunk(i, chunks.get(i), 1000L + i, i == chunks.size() - 1, out);
    }
    return out;
  }

  static List<float[]> chunks(float[] audio, int size) {
    List<float[]> chunks = new ArrayList<>();
    for (int i = 0; i < audio.length; i += size) {
      chunks.add(Arrays.copyOfRange(audio, i, Math.min(audio.length, i + size)));
    }
    return chunks;
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void everyModeConfirmsTheScriptExactly(LatencyMode mode) {
    RecordingOutput out = run(mode, LevelRecognizer.render(TOTAL_FRAMES, SCRIPT), 1600);
    assertEquals(EXPECTED, out.finalWordTimes(), mode.id());
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
  }

  @Test
  void segmentsCloseAtPunctuationAndPauses() {
    RecordingOutput out =
        run(LatencyMode.SPEEDY, LevelRecognizer.render(TOTAL_FRAMES, SCRIPT), 1600);
    assertEquals(
        List.of("one two three four.", "hello five six", "seven eight"),
        out.finals().stream().map(s -> s.text()).toList());
    assertEquals(List.of(0L, 1L, 2L), out.finals().stream().map(s -> s.sequence()).toList());
  }

  @Test
  void pauseBasedKeepsAPhraseTogetherAcrossPunctuation() {
    RecordingOutput out =
        run(LatencyMode.PAUSE_BASED, LevelRecognizer.render(TOTAL_FRAMES, SCRIPT), 1600);
    assertEquals(
        List.of("one two three four.", "hello five six", "seven eight"),
        out.finals().stream().map(s -> s.text()).toList());
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void longSessionLosesAndDoublesNoWordAcrossWindowBoundaries(LatencyMode mode) {
    List<Spoken> words = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    Random random = new Random(7);
    int frame = 5;
    for (int i = 0; i < 120; i++) {
      int id = new int[] {1, 2, 3, 4, 5, 6, 10, 11}[random.nextInt(8)];
      int length = 2 + random.nextInt(6);
      words.add(new Spoken(id, frame, length));
      expected.add(LevelRecognizer.PIECES[id].substring(1));
      frame += length + 1 + random.nextInt(random.nextInt(10) == 0 ? 12 : 3);
    }
    RecordingOutput out = run(mode, LevelRecognizer.render(frame + 20, words), 2560);
    assertEquals(expected, out.finalWords().stream().map(w -> w.text()).toList(), mode.id());
  }

  @ParameterizedTest
  @EnumSource(value = LatencyMode.class, names = "STREAMING", mode = EnumSource.Mode.EXCLUDE)
  void silenceAndQuietNoiseGiveNoOutputAndNoDecoding(LatencyMode mode) {
    float[] audio = new float[16000 * 20];
    Random random = new Random(3);
    for (int i = audio.length / 2; i < audio.length; i++) {
      audio[i] = (float) (random.nextGaussian() * 0.003);
    }
    RecordingOutput out = run(mode, audio, 1600);
    assertEquals(List.of(), out.segments);
    assertEquals(0, out.decodes);
  }

  @Test
  void chunkedModeCostsUnderThreeEncoderPassesWithTheSameText() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    double chunked = factor(LatencyMode.CHUNKED, audio);
    double speedy = factor(LatencyMode.SPEEDY, audio);
    assertTrue(chunked <= 3.0, "chunked factor " + chunked);
    assertTrue(speedy > 20, "speedy re-decodes its buffer: factor " + speedy);
    assertEquals(
        run(LatencyMode.SPEEDY, audio, 1600).finalWordTimes(),
        run(LatencyMode.CHUNKED, audio, 1600).finalWordTimes());
  }

  static double factor(LatencyMode mode, float[] audio) {
    RecordingOutput out = run(mode, audio, 1600);
    return out.encodedSamples / (double) audio.length;
  }

  @Test
  void stateRoundTripAfterEveryChunkChangesNothing() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    for (LatencyMode mode : List.of(LatencyMode.SPEEDY, LatencyMode.CHUNKED)) {
      RecordingOutput direct = run(SessionSettings.of(mode), audio, 1600, false);
      RecordingOutput restored = run(SessionSettings.of(mode), audio, 1600, true);
      assertEquals(
          direct.segments.stream()
              .map(e -> e.segment().text() + e.isFinal() + e.revision())
              .toList(),
          restored.segments.stream()
              .map(e -> e.segment().text() + e.isFinal() + e.revision())
              .toList());
    }
  }

  @Test
  void stateSizeDoesNotGrowWithSessionLength() {
    SessionStream.Defaults defaults = SessionStream.Defaults.STANDARD;
    SessionStream s =
        SessionStream.create(
            defaults, new WindowDecoder(new LevelRecognizer()), new RmsEnergyModel());
    RecordingOutput out = new RecordingOutput();
    s.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    List<Spoken> words = new ArrayList<>();
    for (int f = 5; f < 3000; f += 9) {
      words.add(new Spoken(1 + (f % 6), f, 5));
    }
    List<float[]> chunks = chunks(LevelRecognizer.render(3000, words), 1600);
    int at20s = 0;
    for (int i = 0; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, false, out);
      if (i == 200) {
        at20s = s.toBytes().length;
      }
    }
    int at240s = s.toBytes().length;
    assertTrue(at20s > 8 * 16000 * 2, "holds the 8 s buffer as 16-bit samples: " + at20s);
    assertTrue(
        Math.abs(at240s - at20s) < 4096, "20 s: " + at20s + " bytes, 240 s: " + at240s + " bytes");
  }

  @Test
  void duplicatesAndReorderedChunksGiveTheSameOutput() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    List<float[]> chunks = chunks(audio, 1600);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i += 4) {
      List<Integer> group = new ArrayList<>();
      for (int k = i; k < Math.min(i + 4, chunks.size()); k++) {
        group.add(k);
      }
      Collections.shuffle(group, new Random(i));
      order.addAll(group);
      order.add(group.get(0)); // a duplicate
    }
    order.remove(Integer.valueOf(chunks.size() - 1));
    order.add(chunks.size() - 1);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    s.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    int duplicates = 0;
    for (int i : order) {
      if (s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out)
          == ChunkSequencer.Outcome.DUPLICATE) {
        duplicates++;
      }
    }
    assertTrue(duplicates >= chunks.size() / 4 - 1, "duplicates " + duplicates);
    assertEquals(EXPECTED, out.finalWordTimes());
    assertEquals(List.of(), out.gaps);
  }

  @Test
  void aLostChunkIsFilledWithSilenceWithoutShiftingLaterWords() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    List<float[]> chunks = chunks(audio, 1280);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    s.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    for (int i = 0; i < chunks.size(); i++) {
      if (i != 17) { // frame 17 lies inside "two" (16-19): that word loses a frame, nothing moves
        s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
      }
    }
    assertEquals(1, out.gaps.size());
    assertEquals(new ChunkSequencer.Gap(17, 17, 1280), out.gaps.get(0));
    List<String> words = out.finalWordTimes();
    assertEquals(
        EXPECTED.subList(2, EXPECTED.size()), words.subList(words.size() - 7, words.size()));
  }

  @Test
  void audioBeforeStartIsHeldSoTheStartSettingsApplyFromTheFirstSample() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    List<float[]> chunks = chunks(audio, 1600);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    for (int i = 0; i < 20; i++) {
      s.onChunk(i, chunks.get(i), 0, false, out);
    }
    assertEquals(SessionStream.Phase.WAITING_FOR_START, s.phase());
    SessionSettings german =
        new SessionSettings("de", LatencyMode.LOW_LATENCY, 10, 1.5, 2.0, false, false, 4, 2);
    s.onStart(german, out);
    for (int i = 20; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    assertEquals(EXPECTED, out.finalWordTimes());
    assertTrue(out.segments.stream().allMatch(e -> "de".equals(e.language())));
  }

  @Test
  void evenTheEndOfStreamWaitsForTheStartEvent() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    List<float[]> chunks = chunks(audio, 1600);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    for (int i = 0; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    assertEquals(List.of(), out.statuses);
    s.onStart(
        new SessionSettings("fr", LatencyMode.CHUNKED, 3.2, 1.28, 0.64, true, false, 4, 1), out);
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
    assertEquals(EXPECTED, out.finalWordTimes());
    assertTrue(out.segments.stream().allMatch(e -> "fr".equals(e.language())));
  }

  @Test
  void withoutStartTheJobDefaultsApplyAfterTheBoundAndAreReported() {
    float[] audio = LevelRecognizer.render(TOTAL_FRAMES, SCRIPT);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            new SessionStream.Defaults(LatencyMode.SPEEDY, 2.0, 8, true),
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    List<float[]> chunks = chunks(audio, 1600);
    for (int i = 0; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, i == chunks.size() - 1, out);
    }
    assertEquals(
        "STARTED: no START event within 2.0 s of audio: job defaults (speedy)",
        out.statuses.get(0));
    assertEquals(EXPECTED, out.finalWordTimes());
  }

  @Test
  void partialsAreEmittedBeforeTheFinalAndCarryTheNextSequence() {
    RecordingOutput out =
        run(LatencyMode.LOW_LATENCY, LevelRecognizer.render(TOTAL_FRAMES, SCRIPT), 1600);
    List<RecordingOutput.Emitted> partials =
        out.segments.stream().filter(e -> !e.isFinal()).toList();
    assertTrue(!partials.isEmpty());
    RecordingOutput.Emitted first = partials.get(0);
    assertEquals(0L, first.segment().sequence());
    assertEquals(1, first.revision());
    assertTrue(
        out.segments.indexOf(first)
            < out.segments.indexOf(
                out.segments.stream()
                    .filter(RecordingOutput.Emitted::isFinal)
                    .findFirst()
                    .orElseThrow()));
  }

  @Test
  void expiryFlushesPendingWords() {
    float[] audio = LevelRecognizer.render(40, List.of(new Spoken(1, 10, 4), new Spoken(2, 16, 3)));
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            new WindowDecoder(new LevelRecognizer()),
            new RmsEnergyModel());
    s.onStart(SessionSettings.of(LatencyMode.LOW_LATENCY), out);
    List<float[]> chunks = chunks(Arrays.copyOf(audio, 20 * 1280), 1600);
    for (int i = 0; i < chunks.size(); i++) {
      s.onChunk(i, chunks.get(i), 0, false, out);
    }
    assertEquals(List.of(), out.finals());
    s.finish(SessionState.EXPIRED, "idle", out);
    assertEquals(List.of("one@0.80-1.12", "two@1.28-1.52"), out.finalWordTimes());
    assertEquals("EXPIRED: idle", out.statuses.get(out.statuses.size() - 1));
  }
}
