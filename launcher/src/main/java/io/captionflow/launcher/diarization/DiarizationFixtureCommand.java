package io.captionflow.launcher.diarization;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavWriter;
import io.captionflow.fixtures.diarization.SortformerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diarization-fixture",
    mixinStandardHelpOptions = true,
    description =
        "Writes the fixture Sortformer model (real signature; speaker k = tone band k) and a demo WAV to DIR.")
public final class DiarizationFixtureCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dir);
    Path model = SortformerFixture.write(dir.resolve("sortformer-fixture.onnx"));
    Path wav = dir.resolve("tones-two-speakers.wav");
    WavWriter.write(
        wav, new PcmAudio(SortformerFixture.synthesize(6.0, SortformerFixture.DEMO_TURNS), 16_000));
    var out = spec.commandLine().getOut();
    out.println("model: " + model);
    out.println("audio: " + wav + "  (" + SortformerFixture.DEMO_TURNS + ")");
    for (int k = 0; k < 4; k++) {
      out.println(
          String.format(Locale.ROOT, "speaker %d tone: %.1f Hz", k, SortformerFixture.toneHz(k)));
    }
    out.flush();
    return 0;
  }
}
