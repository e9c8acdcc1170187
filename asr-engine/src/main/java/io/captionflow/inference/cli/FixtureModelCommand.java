package io.captionflow.inference.cli;

import io.captionflow.inference.fixture.SyntheticParakeet;
import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.fixture.WaveringToneFixture;
import io.captionflow.inference.parakeet.ModelDirectory;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow fixture-model [--kind tone|wavering|synthetic] DIR}: writes a tone-language
 * test model and its sample, or a synthetic Parakeet-sized model.
 */
@Command(
    name = "fixture-model",
    mixinStandardHelpOptions = true,
    description =
        "Write a Parakeet-shaped test model: the tone language with sample.wav and its expected"
            + " transcript, or (--kind synthetic) random weights at Parakeet's size for benchmarks.")
public final class FixtureModelCommand implements Callable<Integer> {

  /** Which fixture model to write. */
  public enum Kind {
    /** Steady hypotheses: the same words and times in every window. */
    tone,
    /** Hypotheses that waver with the window end like a real model's (see WaveringToneFixture). */
    wavering,
    /** Random weights with Parakeet 0.6B's widths and I/O: for benchmarks, not transcripts. */
    synthetic
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--kind",
      defaultValue = "tone",
      description =
          "tone (steady hypotheses), wavering (times, pieces and spurious words move with the"
              + " window end, as a real model's do) or synthetic (Parakeet 0.6B's layer widths and"
              + " I/O with seeded random weights, for benchmarks); default ${DEFAULT-VALUE}")
  Kind kind;

  @Option(
      names = "--layers",
      defaultValue = "2",
      description =
          "synthetic only: conformer layers of width 1024 (the real model has 24; ~100 MB each);"
              + " default ${DEFAULT-VALUE}")
  int layers;

  @Option(
      names = "--seed",
      defaultValue = "12",
      description = "synthetic only: seed of the random weights; default ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description =
          "tone only: write the model under this precision's file names (fp32, fp16, int8; the"
              + " graphs stay fp32), to check a deployment's --precision; default ${DEFAULT-VALUE}")
  String precision;

  @Parameters(index = "0", description = "directory to write")
  Path dir;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    RecognizerConfig.Precision p;
    try {
      p = RecognizerConfig.parsePrecision(precision);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (p != RecognizerConfig.Precision.FP32 && kind != Kind.tone) {
      throw new ParameterException(
          spec.commandLine(), "--precision applies to --kind tone only, got --kind " + kind);
    }
    if (kind == Kind.synthetic) {
      if (layers < 1) {
        throw new ParameterException(
            spec.commandLine(), "--layers must be at least 1, got " + layers);
      }
      SyntheticParakeet.Shape shape = SyntheticParakeet.Shape.parakeet(layers);
      SyntheticParakeet.write(dir, shape, seed);
      out.println(
          "wrote synthetic model to "
              + dir
              + " (encoder-model.onnx, decoder_joint-model.onnx, vocab.txt, config.json): "
              + layers
              + " conformer layers of width "
              + shape.dModel()
              + ", "
              + (shape.vocabulary() + 1)
              + " pieces, seed "
              + seed
              + "; random weights, so transcripts are meaningless");
      out.println("try: captionflow bench --batch --model " + dir);
      out.flush();
      return 0;
    }
    List<ToneLanguage.ToneWord> words;
    String files =
        ModelDirectory.encoderFile(p)
            + ", "
            + ModelDirectory.decoderJointFile(p)
            + ", vocab.txt, config.json, sample.wav, sample.expected.json, sample.expected.txt";
    if (kind == Kind.wavering) {
      words = WaveringToneFixture.write(dir).words();
      files += ", sample.words.txt";
    } else {
      words = ToneLanguageFixture.write(dir, p).words();
    }
    out.println("wrote " + kind + " fixture model to " + dir + " (" + files + ")");
    for (ToneLanguage.ToneWord w : words) {
      out.println(String.format(Locale.ROOT, "  %-10s %7.2f Hz", w.text(), w.frequencyHz()));
    }
    out.println(
        "try: captionflow transcribe "
            + dir.resolve("sample.wav")
            + " --model "
            + dir
            + (p == RecognizerConfig.Precision.FP32 ? "" : " --precision " + p.id()));
    out.flush();
    return 0;
  }
}
