package io.captionflow.launcher.diarization;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.diarization.streaming.FileDiarizer;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.fixtures.diarization.SortformerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diarization-bench",
    mixinStandardHelpOptions = true,
    description =
        "Measures diarization milliseconds per second of audio (fixture model unless --model).")
public final class DiarizationBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "16 kHz WAV file")
  Path file;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description = "Sortformer ONNX file (default: the fixture model)")
  Path model;

  @Option(
      names = "--runs",
      defaultValue = "5",
      description = "timed runs after one warm-up (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--low-latency", description = "1.04 s streaming chunks (6 + 7 frames)")
  boolean lowLatency;

  @Override
  public Integer call() throws Exception {
    PcmAudio audio = WavReader.read(file);
    if (audio.sampleRate() != 16_000) {
      spec.commandLine()
          .getErr()
          .println(file + ": sample rate " + audio.sampleRate() + " Hz; needs 16000 Hz");
      return 2;
    }
    Path path = model;
    if (path == null) {
      path =
          SortformerFixture.write(
              Files.createTempDirectory("sortformer-bench").resolve("fixture.onnx"));
    }
    SortformerConfig config = SortformerConfig.of(path);
    if (lowLatency) {
      config = config.withStreaming(StreamingParams.LOW_LATENCY);
    }
    try (SortformerModel m = SortformerModel.load(config)) {
      StreamingDiarizer diarizer = new StreamingDiarizer(m);
      FileDiarizer.diarize(diarizer, audio.samples());
      long best = Long.MAX_VALUE, total = 0;
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        FileDiarizer.diarize(diarizer, audio.samples());
        long t = System.nanoTime() - t0;
        best = Math.min(best, t);
        total += t;
      }
      double seconds = audio.durationSeconds();
      spec.commandLine()
          .getOut()
          .println(
              String.format(
                  Locale.ROOT,
                  "%s: %.1f s audio, model %s (%s): mean %.2f ms per audio second, best %.2f ms per audio second (%d runs)",
                  file.getFileName(),
                  seconds,
                  model == null ? "fixture" : path,
                  m.streaming(),
                  total / 1e6 / runs / seconds,
                  best / 1e6 / seconds,
                  runs));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
