package io.captionflow.asr.parakeet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * WER and real-time factor of real Parakeet weights on the shared speech recordings; skipped
 * without weights.
 */
class RealModelAccuracyTest {

  static List<String> words(String text) {
    String normal = text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9' ]", " ").trim();
    return normal.isEmpty() ? List.of() : Arrays.asList(normal.split("\\s+"));
  }

  /** Word-level Levenshtein distance. */
  static int edits(List<String> ref, List<String> hyp) {
    int[] prev = new int[hyp.size() + 1];
    for (int j = 0; j <= hyp.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= ref.size(); i++) {
      int[] cur = new int[hyp.size() + 1];
      cur[0] = i;
      for (int j = 1; j <= hyp.size(); j++) {
        int sub = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      prev = cur;
    }
    return prev[hyp.size()];
  }

  @Test
  void werCounterIsRight() {
    assertTrue(edits(words("the cat sat"), words("The cat, sat!")) == 0);
    assertTrue(edits(words("a b c d"), words("a x c")) == 2);
  }

  @Test
  void werOnSharedSpeechRecordings() throws Exception {
    String dir = System.getenv("PARAKEET_MODEL_DIR");
    Assumptions.assumeTrue(
        dir != null && Files.isDirectory(Path.of(dir)),
        "PARAKEET_MODEL_DIR does not point at real Parakeet weights: accuracy test skipped");
    Path model = Path.of(dir);
    RecognizerConfig.Precision precision =
        Files.isRegularFile(model.resolve("encoder-model.onnx"))
            ? RecognizerConfig.Precision.FP32
            : RecognizerConfig.Precision.INT8;
    Path speech =
        Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
            .resolve("../shared/testdata/speech")
            .normalize();
    int errors = 0;
    int refWords = 0;
    double audioSeconds = 0;
    long nanos = 0;
    List<String> report = new ArrayList<>();
    try (ParakeetRecognizer recognizer =
        ParakeetRecognizer.load(RecognizerConfig.of(model).withPrecision(precision))) {
      try (var sets = Files.list(speech)) {
        for (Path set : sets.sorted().toList()) {
          for (String line : Files.readAllLines(set.resolve("trans.txt"))) {
            int space = line.indexOf(' ');
            PcmAudio audio = WavReader.read(set.resolve(line.substring(0, space)));
            float[] samples =
                audio.sampleRate() == 16000
                    ? audio.samples()
                    : Resampler.resample(audio, 16000).samples();
            long t0 = System.nanoTime();
            String text = recognizer.transcribe(samples).text();
            nanos += System.nanoTime() - t0;
            audioSeconds += samples.length / 16000.0;
            List<String> ref = words(line.substring(space + 1));
            int e = edits(ref, words(text));
            errors += e;
            refWords += ref.size();
            report.add(
                set.getFileName()
                    + "/"
                    + line.substring(0, space)
                    + ": "
                    + e
                    + "/"
                    + ref.size()
                    + " "
                    + text);
          }
        }
      }
    }
    double wer = errors / (double) refWords;
    System.out.printf(
        Locale.ROOT,
        "WER %.3f (%d/%d), RTF %.3f (%s)%n%s%n",
        wer,
        errors,
        refWords,
        nanos / 1e9 / audioSeconds,
        precision,
        String.join("\n", report));
    assertTrue(wer < 0.08, "WER " + wer + " (published: about 2% on LibriSpeech test-clean)");
  }
}
