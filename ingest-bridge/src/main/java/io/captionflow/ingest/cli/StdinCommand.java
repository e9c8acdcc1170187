package io.captionflow.ingest.cli;

import io.captionflow.ingest.source.RawPcmSource;
import io.captionflow.ingest.source.SampleFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bridge stdin}: raw PCM from a pipe, e.g. {@code ffmpeg -re -i in -f s16le -ar 16000 -ac 1
 * - | ...}.
 */
@Command(
    name = "stdin",
    mixinStandardHelpOptions = true,
    description =
        "Publish raw PCM read from standard input (default s16le, 16000 Hz, mono) as one session.")
public class StdinCommand implements Callable<Integer> {

  @Mixin SessionOptions session;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--rate",
      paramLabel = "HZ",
      defaultValue = "16000",
      description = "Sample rate of the input; resampled to 16000 (default: ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      defaultValue = "s16le",
      description = "s16le or f32le (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--channels",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Interleaved channels of the input, downmixed to mono (default: ${DEFAULT-VALUE})")
  int channels;

  @Override
  public Integer call() throws Exception {
    return Commands.report(
        () -> {
          RawPcmSource source =
              new RawPcmSource(System.in, SampleFormat.parse(format), rate, channels, "stdin");
          return SourceIngest.run(
              kafka.toConfig(),
              session.sessionId(),
              session.settings("stdin"),
              source,
              0,
              (done, total) -> {});
        },
        session.sessionId);
  }
}
