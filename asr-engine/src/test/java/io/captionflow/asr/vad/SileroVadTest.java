package io.captionflow.asr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.SpeechEvent.SpeechSegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Silero VAD v5 on real recordings against their references. */
class SileroVadTest {

  static SileroVadModel model;

  @BeforeAll
  static void load() {
    model = TestAudio.silero();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Share of 10 ms frames where the detector and the reference agree on speech/non-speech. */
  static double agreement(List<SpeechSegment> detected, List<double[]> reference, double seconds) {
    int frames = (int) (seconds * 100);
    int agree = 0;
    for (int f = 0; f < frames; f++) {
      double t = (f + 0.5) / 100;
      boolean d = detected.stream().anyMatch(s -> s.startSeconds() <= t && t < s.endSeconds());
      boolean r = reference.stream().anyMatch(s -> s[0] <= t && t < s[1]);
      agree += d == r ? 1 : 0;
    }
    return agree / (double) frames;
  }

  static List<double[]> rttm() throws Exception {
    List<double[]> turns = new ArrayList<>();
    for (String line :
        Files.readAllLines(TestAudio.testdata().resolve("diarization/two-speakers/sample.rttm"))) {
      String[] f = line.trim().split("\\s+");
      double start = Double.parseDouble(f[3]);
      turns.add(new double[] {start, start + Double.parseDouble(f[4])});
    }
    return turns;
  }

  @Test
  void speechRegionsOfTheTwoSpeakerRecordingMatchItsRttm() throws Exception {
    float[] audio = TestAudio.read16k("diarization/two-speakers/sample.wav");
    List<SpeechSegment> segments =
        VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, audio);
    double agreement = agreement(segments, rttm(), audio.length / 16000.0);
    System.out.println(
        "silero frame agreement with sample.rttm: " + agreement + " segments " + segments);
    assertTrue(
        agreement >= 0.95, // measured 0.978
        "frame agreement " + agreement);
    // nobody speaks in the first 6.6 s
    assertTrue(segments.get(0).startSeconds() > 6.0, segments.toString());
  }

  @Test
  void digitalSilenceIsNeverSpeech() {
    assertEquals(
        List.of(),
        VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, new float[16000 * 5]));
  }

  @Test
  void jfkIsMostlySpeech() throws Exception {
    float[] audio = TestAudio.read16k("speech/jfk/jfk.wav");
    List<SpeechSegment> segments =
        VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, audio);
    double speech = segments.stream().mapToDouble(s -> s.endSeconds() - s.startSeconds()).sum();
    double share = speech / (audio.length / 16000.0);
    System.out.println("silero speech share of jfk.wav: " + share + " " + segments);
    assertTrue(
        share > 0.55 && share < 0.95, // measured 0.64: JFK pauses between phrases
        "speech share " + share);
  }

  @Test
  void feedingInOddChunksWithSnapshotsGivesTheSameProbabilities() throws Exception {
    float[] audio = TestAudio.read16k("speech/jfk/jfk.wav");
    float[] head = java.util.Arrays.copyOf(audio, 16000 * 3);
    List<VadStream.ScoredFrame> whole = model.newStream().accept(head);
    List<VadStream.ScoredFrame> chunked = new ArrayList<>();
    VadStreamState state = model.initialState();
    for (int from = 0; from < head.length; from += 777) {
      VadStream stream =
          VadStream.restore(model, state); // as if restored from Flink state each time
      chunked.addAll(stream.accept(head, from, Math.min(777, head.length - from)));
      state = stream.snapshot();
    }
    assertEquals(whole, chunked);
    assertEquals(head.length / 512, whole.size());
    assertEquals(512L, whole.get(1).startSample());
  }
}
