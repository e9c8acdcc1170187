package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sine-sweep checks of the resampler's passband (amplitude and phase of in-band tones) and stopband
 * (tones above the new Nyquist must vanish), plus streaming equivalence. Bounds sit slightly below
 * what was measured.
 */
class ResamplerTest {

  private static final double AMPLITUDE = 0.5;

  @ParameterizedTest(name = "{0} Hz -> 16 kHz passes in-band tones")
  @ValueSource(ints = {8000, 11025, 22050, 24000, 32000, 44100, 48000})
  void inBandTonesKeepAmplitudeAndPhase(int inputRate) {
    Resampler resampler = Resampler.of(inputRate, 16000);
    double passEdge = 0.9 * Math.min(inputRate, 16000) / 2;
    double worstGainDb = 0;
    double worstSnrDb = Double.MAX_VALUE;
    for (double f = 100; f <= passEdge; f += passEdge / 23) {
      float[] out = resampler.resample(tone(f, inputRate, inputRate)); // 1 s
      assertEquals(16000, out.length);
      Fit fit = fit(out, f, 16000, 0.1);
      worstGainDb = Math.max(worstGainDb, Math.abs(fit.gainDb()));
      worstSnrDb = Math.min(worstSnrDb, fit.snrAgainstIdealDb());
    }
    System.out.printf(
        "resample %d->16000 passband: worst |gain| %.5f dB, worst SNR vs ideal tone %.1f dB%n",
        inputRate, worstGainDb, worstSnrDb);
    assertTrue(worstGainDb < 0.01, "passband ripple " + worstGainDb + " dB");
    assertTrue(
        worstSnrDb > 78, "in-band SNR against the ideal resampled tone " + worstSnrDb + " dB");
  }

  @ParameterizedTest(name = "{0} Hz tone at {1} Hz -> 16 kHz is suppressed")
  @CsvSource({
    "48000,8050",
    "48000,8500",
    "48000,12000",
    "48000,20000",
    "44100,8000",
    "44100,9000",
    "44100,15000",
    "44100,21000",
    "24000,8300",
    "24000,11000",
    "22050,8200",
    "22050,10500",
    "32000,8100",
    "32000,15000"
  })
  void tonesAboveTheNewNyquistAreAttenuated(int inputRate, double f) {
    float[] out = Resampler.of(inputRate, 16000).resample(tone(f, inputRate, inputRate));
    double levelDb = rmsDb(out, 0.1) - 20 * Math.log10(AMPLITUDE / Math.sqrt(2));
    System.out.printf("resample %d->16000 tone %.0f Hz: %.1f dB%n", inputRate, f, levelDb);
    assertTrue(levelDb < -78, "tone at " + f + " Hz leaks at " + levelDb + " dB");
  }

  @Test
  void upsamplingLeavesNoSpectralImage() {
    // an 8 kHz tone at 3 kHz would image at 5 kHz without the interpolation filter
    float[] out = Resampler.of(8000, 16000).resample(tone(3000, 8000, 8000));
    Fit fit = fit(out, 3000, 16000, 0.1);
    System.out.printf(
        "resample 8000->16000 3 kHz tone: SNR vs ideal %.1f dB%n", fit.snrAgainstIdealDb());
    assertTrue(
        fit.snrAgainstIdealDb() > 90, "image or distortion at " + fit.snrAgainstIdealDb() + " dB");
  }

  @ParameterizedTest(name = "{0} -> {1} streamed in random chunks equals one shot")
  @CsvSource({
    "8000,16000",
    "22050,16000",
    "44100,16000",
    "48000,16000",
    "16000,8000",
    "11025,16000",
    "16000,44100"
  })
  void streamingChunkByChunkEqualsOneShot(int in, int out) {
    Random random = new Random(in * 31L + out);
    float[] input = new float[in * 2 + 123];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) (random.nextGaussian() * 0.2);
    }
    Resampler resampler = Resampler.of(in, out);
    float[] oneShot = resampler.resample(input);
    assertEquals(resampler.outputLength(input.length), oneShot.length);

    ResamplerStream stream = resampler.newStream();
    float[] streamed = new float[oneShot.length];
    int n = 0;
    for (int pos = 0; pos < input.length; ) {
      int len = Math.min(input.length - pos, random.nextInt(700)); // includes empty chunks
      float[] part = stream.process(input, pos, len);
      System.arraycopy(part, 0, streamed, n, part.length);
      n += part.length;
      pos += len;
    }
    float[] tail = stream.flush();
    System.arraycopy(tail, 0, streamed, n, tail.length);
    assertEquals(oneShot.length, n + tail.length);
    assertArrayEquals(oneShot, streamed);
  }

  @Test
  void streamEmitsOutputWithBoundedLatency() {
    Resampler resampler = Resampler.of(48000, 16000);
    ResamplerStream stream = resampler.newStream();
    stream.process(new float[4800]); // 100 ms
    long behind = 1600 - stream.outputSamples();
    // the look-ahead is the filter's half width (a few ms), never a whole chunk
    assertTrue(behind > 0 && behind <= resampler.halfTaps() / 3 + 1, "output lags by " + behind);
  }

  @Test
  void sameRateIsIdentityAndDcPassesExactly() {
    float[] x = {0.1f, -0.2f, 0.3f};
    assertArrayEquals(x, Resampler.of(16000, 16000).resample(x));
    PcmAudio audio = new PcmAudio(x, 16000);
    assertSame(audio, Resampler.resample(audio, 16000));

    float[] dc = new float[48000];
    java.util.Arrays.fill(dc, 0.25f);
    float[] out = Resampler.of(48000, 16000).resample(dc);
    for (int i = 200; i < out.length - 200; i++) {
      assertEquals(0.25f, out[i], 1e-6f);
    }
  }

  @Test
  void rejectsAbsurdRates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Resampler.of(0, 16000));
    assertTrue(e.getMessage().contains("input sample rate 0 Hz"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Resampler.of(16000, 10_000_000));
  }

  static float[] tone(double f, int rate, int samples) {
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      x[i] = (float) (AMPLITUDE * Math.sin(2 * Math.PI * f * i / rate));
    }
    return x;
  }

  /**
   * RMS level of the signal away from the edges ({@code edge} fraction cut at each end), in dBFS.
   */
  static double rmsDb(float[] y, double edge) {
    int from = (int) (y.length * edge);
    int to = y.length - from;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) y[i] * y[i];
    }
    return 10 * Math.log10(sum / (to - from) + 1e-30);
  }

  record Fit(double gainDb, double snrAgainstIdealDb) {}

  /**
   * Compares y with the ideal tone A·sin(2πfn/rate) away from the edges: gain of the fitted tone
   * and SNR.
   */
  static Fit fit(float[] y, double f, int rate, double edge) {
    int from = (int) (y.length * edge);
    int to = y.length - from;
    double ss = 0, sc = 0, signal = 0, error = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * f * i / rate);
      double c = Math.cos(2 * Math.PI * f * i / rate);
      ss += y[i] * s;
      sc += y[i] * c;
      double ideal = AMPLITUDE * s;
      signal += ideal * ideal;
      error += (y[i] - ideal) * (y[i] - ideal);
    }
    int n = to - from;
    double amplitude = 2 * Math.hypot(ss, sc) / n;
    return new Fit(
        20 * Math.log10(amplitude / AMPLITUDE), 10 * Math.log10(signal / (error + 1e-30)));
  }
}
