package io.captionflow.launcher.asr;

import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.features.LogMelSpectrogram;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain {@code bench}: the log-mel front end, encoder + TDT decoding (the tone-language fixture or
 * {@code model}) and the VAD models on tone-language sentences, per audio second.
 */
final class ComponentCosts {

  private ComponentCosts() {}

  static void print(PrintWriter out, int totalSeconds, int window, Path model, Path vadModel)
      throws IOException {
    Path fixtureDir = Files.createTempDirectory("captionflow-bench");
    ToneLanguage language = ToneLanguageFixture.write(fixtureDir);
    List<float[]> windows = new ArrayList<>();
    for (int w = 0; w < Math.max(1, totalSeconds / window); w++) {
      String sentence =
          w % 2 == 0 ? "hello world live captions for every stream" : "no words from live stream";
      windows.add(language.synthesize(language.sentence(sentence, 0.4, 0.24, 0.4), window));
    }
    double audioSeconds = windows.size() * (double) window;
    out.printf(
        Locale.ROOT,
        "audio: %d windows x %d s = %.0f s (tone-language sentences)%n",
        windows.size(),
        window,
        audioSeconds);

    LogMelSpectrogram frontEnd = new LogMelSpectrogram();
    for (float[] w : windows) { // warm-up (JIT)
      frontEnd.compute(w);
    }
    long t0 = System.nanoTime();
    for (float[] w : windows) {
      frontEnd.compute(w);
    }
    double frontMs = (System.nanoTime() - t0) / 1e6;
    out.printf(Locale.ROOT, "front end: %.2f ms per audio second%n", frontMs / audioSeconds);

    Path dir = model != null ? model : fixtureDir;
    try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(RecognizerConfig.of(dir))) {
      recognizer.transcribeBatch(windows); // warm-up
      long encodeNs = 0;
      long decodeNs = 0;
      int symbols = 0;
      for (float[] w : windows) {
        long a = System.nanoTime();
        EncodedAudio encoded = recognizer.encode(w);
        long b = System.nanoTime();
        symbols +=
            recognizer.decode(encoded, 0, encoded.length(), DecoderState.initial()).tokens().size();
        long c = System.nanoTime();
        encodeNs += b - a;
        decodeNs += c - b;
      }
      out.printf(Locale.ROOT, "model: %s%n", model != null ? dir : "fixture (tone language)");
      out.printf(
          Locale.ROOT,
          "encoder (incl. front end): %.2f ms per audio second%n",
          encodeNs / 1e6 / audioSeconds);
      out.printf(
          Locale.ROOT,
          "TDT decode: %.2f ms per audio second, %d symbols, %.0f symbols/s of decode time%n",
          decodeNs / 1e6 / audioSeconds,
          symbols,
          symbols / (decodeNs / 1e9));
      out.printf(
          Locale.ROOT,
          "real-time factor (encode+decode): %.4f%n",
          (encodeNs + decodeNs) / 1e9 / audioSeconds);
    }

    float[] audio = windows.get(0);
    benchVad(out, "RMS energy", new RmsEnergyModel(), audio);
    Path silero = vadModel != null ? vadModel : SileroVadModel.pathFromEnvironment(System.getenv());
    if (Files.isRegularFile(silero)) {
      try (SileroVadModel vad = SileroVadModel.load(silero)) {
        benchVad(out, "Silero v5", vad, audio);
      }
    } else {
      out.println(
          "Silero v5: skipped, no model at "
              + silero
              + " (asr-engine/scripts/fetch-silero-vad.sh)");
    }
  }

  private static void benchVad(PrintWriter out, String name, VadModel model, float[] audio) {
    for (int i = 0; i < 3; i++) { // warm-up
      model.newStream().accept(audio);
    }
    long t0 = System.nanoTime();
    int frames = model.newStream().accept(audio).size();
    double us = (System.nanoTime() - t0) / 1e3 / frames;
    out.printf(Locale.ROOT, "VAD %s: %.1f us per 32 ms frame%n", name, us);
  }
}
