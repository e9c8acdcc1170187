package io.captionflow.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftPowerTest {

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 64, 512})
  void matchesANaiveDftOnNoise(int size) {
    Random random = new Random(size);
    double[] signal = new double[size];
    for (int i = 0; i < size; i++) {
      signal[i] = random.nextGaussian();
    }
    double[] power = new double[size / 2 + 1];
    new RealFftPower(size).powerSpectrum(signal, power);
    for (int k = 0; k <= size / 2; k++) {
      double re = 0;
      double im = 0;
      for (int n = 0; n < size; n++) {
        re += signal[n] * Math.cos(2 * Math.PI * k * n / size);
        im -= signal[n] * Math.sin(2 * Math.PI * k * n / size);
      }
      double expected = re * re + im * im;
      assertEquals(expected, power[k], 1e-9 * (1 + expected), "bin " + k + " of " + size);
    }
  }

  @Test
  void aCosineOnBinKPutsAllItsEnergyThere() {
    int size = 512;
    double[] signal = new double[size];
    for (int n = 0; n < size; n++) {
      signal[n] = Math.cos(2 * Math.PI * 37 * n / size);
    }
    double[] power = new double[size / 2 + 1];
    new RealFftPower(size).powerSpectrum(signal, power);
    for (int k = 0; k <= size / 2; k++) {
      double expected = k == 37 ? (size / 2.0) * (size / 2.0) : 0; // |N/2|² at ±k, nothing else
      assertEquals(expected, power[k], 1e-8, "bin " + k);
    }
  }

  @Test
  void anImpulseHasAFlatSpectrum() {
    double[] signal = new double[512];
    signal[0] = 2;
    double[] power = new double[257];
    new RealFftPower(512).powerSpectrum(signal, power);
    for (double p : power) {
      assertEquals(4, p, 1e-12);
    }
  }

  @Test
  void sizesThatAreNotPowersOfTwoAreRejected() {
    for (int size : new int[] {0, 2, 6, 400}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new RealFftPower(size));
      assertTrue(e.getMessage().contains("got " + size), e.getMessage());
    }
  }
}
