package io.captionflow.inference.cli;

import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.fixture.WaveringToneFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow fixture-model [--kind tone|wavering] DIR}: writes a tone-language test model
 * and its sample.
 */
@Command(
    name = "fixture-model",
    mixinStandardHelpOptions = true,
    description =
        "Write a small Parakeet-shaped test model (tone language) with sample.wav and its expected transcript.")
public final class FixtureModelCommand implements Callable<Integer> {

  /** Which fixture model to write. */
  public enum Kind {
    /** Steady hypotheses: the same words and times in every window. */
    tone,
    /** Hypotheses that waver with the window end like a real model's (see WaveringToneFixture). */
    wavering
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--kind",
      defaultValue = "tone",
      description =
          "tone (steady hypotheses) or wavering (times, pieces and spurious words move with the"
              + " window end, as a real model's do); default ${DEFAULT-VALUE}")
  Kind kind;

  @Parameters(index = "0", description = "directory to write")
  Path dir;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    List<ToneLanguage.ToneWord> words;
    String files =
        "encoder-model.onnx, decoder_joint-model.onnx, vocab.txt, config.json, sample.wav,"
            + " sample.expected.json, sample.expected.txt";
    if (kind == Kind.wavering) {
      words = WaveringToneFixture.write(dir).words();
      files += ", sample.words.txt";
    } else {
      words = ToneLanguageFixture.write(dir).words();
    }
    out.println("wrote " + kind + " fixture model to " + dir + " (" + files + ")");
    for (ToneLanguage.ToneWord w : words) {
      out.println(String.format(Locale.ROOT, "  %-10s %7.2f Hz", w.text(), w.frequencyHz()));
    }
    out.println("try: captionflow transcribe " + dir.resolve("sample.wav") + " --model " + dir);
    out.flush();
    return 0;
  }
}
