package io.captionflow.inference.cli;

import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code captionflow fixture-model DIR}: writes the tone-language test model and its sample. */
@Command(
    name = "fixture-model",
    mixinStandardHelpOptions = true,
    description =
        "Write a small Parakeet-shaped test model (tone language) with sample.wav and its expected transcript.")
public final class FixtureModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "directory to write")
  Path dir;

  @Override
  public Integer call() {
    ToneLanguage language = ToneLanguageFixture.write(dir);
    var out = spec.commandLine().getOut();
    out.println(
        "wrote fixture model to "
            + dir
            + " (encoder-model.onnx, decoder_joint-model.onnx, vocab.txt, config.json,"
            + " sample.wav, sample.expected.json, sample.expected.txt)");
    for (ToneLanguage.ToneWord w : language.words()) {
      out.println(String.format(Locale.ROOT, "  %-10s %7.2f Hz", w.text(), w.frequencyHz()));
    }
    out.println("try: captionflow transcribe " + dir.resolve("sample.wav") + " --model " + dir);
    out.flush();
    return 0;
  }
}
