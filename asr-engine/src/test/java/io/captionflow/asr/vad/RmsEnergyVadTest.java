package io.captionflow.asr.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.SpeechEvent.SpeechSegment;
import io.captionflow.asr.vad.SpeechEvent.SpeechStart;
import java.util.List;
import org.junit.jupiter.api.Test;

class RmsEnergyVadTest {

  private final RmsEnergyModel model = new RmsEnergyModel();
  private final SegmenterConfig noPad = new SegmenterConfig(0.5f, 0.35f, 250, 300, 0);

  private static float[] bursts(int total, int[][] onSamples) {
    float[] x = new float[total];
    for (int[] on : onSamples) {
      for (int i = on[0]; i < on[1]; i++) {
        x[i] = (float) (0.1 * Math.sin(2 * Math.PI * 300 * i / 16000.0));
      }
    }
    return x;
  }

  @Test
  void burstsBecomeSegmentsOnFrameBoundaries() {
    // on 1.024 s .. 2.048 s and 3.072 s .. 3.584 s (whole 512-sample frames), off elsewhere
    float[] x = bursts(16000 * 5, new int[][] {{16384, 32768}, {49152, 57344}});
    List<SpeechSegment> segments = VoiceActivityDetector.segments(model, noPad, x);
    assertEquals(
        List.of(new SpeechSegment(16384, 32768), new SpeechSegment(49152, 57344)), segments);
  }

  @Test
  void shortBurstsAndShortPausesAreIgnored() {
    // a 128 ms click is too short to be speech; a 192 ms pause does not split a segment
    float[] x = bursts(16000 * 5, new int[][] {{4096, 6144}, {16384, 32768}, {35840, 51200}});
    List<SpeechSegment> segments = VoiceActivityDetector.segments(model, noPad, x);
    assertEquals(List.of(new SpeechSegment(16384, 51200)), segments);
  }

  @Test
  void speechStartIsReportedOnceItHasLastedTheMinimum() {
    float[] x = bursts(16000 * 2, new int[][] {{8192, 32000}});
    VoiceActivityDetector vad = new VoiceActivityDetector(model, noPad);
    // 7 frames = 224 ms of speech: not yet the 250 ms minimum
    assertEquals(List.of(), vad.accept(java.util.Arrays.copyOf(x, 8192 + 7 * 512)));
    List<SpeechEvent> later = vad.accept(java.util.Arrays.copyOfRange(x, 8192 + 7 * 512, x.length));
    assertEquals(new SpeechStart(8192), later.get(0));
    assertEquals(List.of(new SpeechSegment(8192, 31744)), vad.finish());
  }

  @Test
  void silenceIsNeverSpeech() {
    assertTrue(
        VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, new float[16000 * 3])
            .isEmpty());
  }

  @Test
  void paddingExtendsSegmentsWithinTheStream() {
    float[] x = bursts(16000 * 3, new int[][] {{0, 16384}});
    List<SpeechSegment> segments =
        VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, x);
    assertEquals(List.of(new SpeechSegment(0, 16384 + 480)), segments);
  }
}
