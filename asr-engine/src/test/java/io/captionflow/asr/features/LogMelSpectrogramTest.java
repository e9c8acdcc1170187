package io.captionflow.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogMelSpectrogramTest {

  private final LogMelSpectrogram frontEnd = new LogMelSpectrogram();

  /** Same deterministic input as src/test/python/mel_reference.py. */
  private static float[] referenceInput(int n) {
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      x[t] =
          (float)
              (0.3 * Math.sin(2 * Math.PI * 440.0 * t / 16000)
                  + 0.2 * Math.sin(2 * Math.PI * 3000.0 * t / 16000 + 0.5)
                  + 0.05 * (((long) t * 7919) % 1000 / 500.0 - 1.0));
    }
    return x;
  }

  @Test
  void matchesTheNumpyReference() throws IOException {
    String[] lines;
    try (InputStream in = getClass().getResourceAsStream("/mel_reference.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
    }
    String[] header = lines[0].trim().split(" ");
    int samples = Integer.parseInt(header[0]);
    int mels = Integer.parseInt(header[1]);
    int frames = Integer.parseInt(header[2]);
    float[][] actual = frontEnd.compute(referenceInput(samples));
    assertEquals(mels, actual.length);
    assertEquals(frames, actual[0].length);
    double worst = 0;
    for (int m = 0; m < mels; m++) {
      String[] values = lines[m + 1].trim().split(" ");
      for (int t = 0; t < frames; t++) {
        worst = Math.max(worst, Math.abs(Double.parseDouble(values[t]) - actual[m][t]));
      }
    }
    // float32 input vs float64 reference; values are z-scores of order 1
    assertTrue(worst < 1e-3, "largest difference from the numpy reference: " + worst);
  }

  @Test
  void framesAreSamplesDividedByHop() {
    assertEquals(128, frontEnd.compute(new float[16000]).length);
    assertEquals(100, frontEnd.compute(new float[16000])[0].length);
    assertEquals(6, frontEnd.compute(new float[1119])[0].length);
  }

  @Test
  void pureToneLandsInItsMelBin() {
    double hz = 2000;
    int n = 16000;
    float[] x = new float[n];
    for (int t = 0; t < n; t++) {
      // tone only in the second half, so normalisation keeps it visible
      x[t] = t < n / 2 ? 0 : (float) (0.5 * Math.sin(2 * Math.PI * hz * t / 16000));
    }
    float[][] f = frontEnd.compute(x);
    int frame = 75;
    int loudest = 0;
    for (int m = 1; m < f.length; m++) {
      if (f[m][frame] > f[loudest][frame]) {
        loudest = m;
      }
    }
    int expected = 0;
    int bin = (int) Math.round(hz * LogMelSpectrogram.N_FFT / 16000);
    for (int m = 1; m < 128; m++) {
      if (frontEnd.filterbank().weight(m, bin) > frontEnd.filterbank().weight(expected, bin)) {
        expected = m;
      }
    }
    double melOfTone = MelFilterbank.hzToMel(hz) / MelFilterbank.hzToMel(8000) * 129 - 1;
    assertEquals(expected, Math.round(melOfTone), 1.0, "filter centred on 2 kHz");
    assertTrue(
        Math.abs(loudest - expected) <= 1,
        "loudest bin " + loudest + ", expected about " + expected);
  }

  @Test
  void silenceIsFlatZeroAfterNormalisation() {
    float[][] f = frontEnd.compute(new float[8000]);
    for (float[] row : f) {
      for (float v : row) {
        assertEquals(0f, v, 1e-6f);
      }
    }
  }

  @Test
  void batchPadsWithZerosAndKeepsLengths() {
    float[] a = referenceInput(3200);
    float[] b = referenceInput(1600);
    LogMelSpectrogram.Batch batch = frontEnd.computeBatch(List.of(a, b));
    assertArrayEquals(new long[] {20, 10}, batch.lengths());
    assertEquals(20, batch.frames());
    float[][] single = frontEnd.compute(b);
    for (int m = 0; m < 128; m++) {
      for (int t = 0; t < 20; t++) {
        float expected = t < 10 ? single[m][t] : 0f;
        assertEquals(expected, batch.data()[(128 + m) * 20 + t], 0f);
      }
    }
  }

  @Test
  void unnormalisedLogMelIsTheSameHoweverTheStreamIsCut() {
    float[] stream = referenceInput(8000);
    float[] whole = frontEnd.logMel(stream, 0, 0, 50);
    long from = 20;
    int start = (int) LogMelSpectrogram.firstSampleNeeded(from);
    assertEquals(20 * 160 - 257, start);
    float[] tail =
        frontEnd.logMel(Arrays.copyOfRange(stream, start, stream.length), start, from, 30);
    assertArrayEquals(Arrays.copyOfRange(whole, 20 * 128, 50 * 128), tail, 0f);
    // silence is ln(2⁻²⁴) in every bin, not the 0 that normalisation gives
    assertEquals(
        (float) Math.log(Math.pow(2, -24)),
        frontEnd.logMel(new float[1600], 0, 0, 10)[5 * 128 + 7],
        0f);
  }

  @Test
  void logMelRefusesAudioThatStartsTooLate() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> frontEnd.logMel(new float[4000], 3000, 20, 5));
    assertEquals(
        "audio starts at sample 3000 but frame 20 needs samples from 2943", e.getMessage());
  }

  @Test
  void computeIsThePerFeatureNormalisedLogMel() {
    float[] x = referenceInput(3200);
    float[] raw = frontEnd.logMel(x, 0, 0, 20);
    float[][] normalised = frontEnd.compute(x);
    for (int m = 0; m < 128; m++) {
      double mean = 0;
      for (int t = 0; t < 20; t++) {
        mean += raw[t * 128 + m];
      }
      mean /= 20;
      double var = 0;
      for (int t = 0; t < 20; t++) {
        var += (raw[t * 128 + m] - mean) * (raw[t * 128 + m] - mean);
      }
      double std = Math.sqrt(var / 19);
      for (int t = 0; t < 20; t++) {
        assertEquals((raw[t * 128 + m] - mean) / (std + 1e-5), normalised[m][t], 1e-4);
      }
    }
  }
}
