package io.captionflow.ingest.cli;

import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.ingest.source.AudioSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bridge file PATH}: a WAV file (or anything ffmpeg decodes) as one session. */
@Command(
    name = "file",
    mixinStandardHelpOptions = true,
    description =
        "Publish an audio file as one session: WAV directly, other formats through ffmpeg.")
public class FileCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = "Audio file (WAV: PCM 8/16/24/32-bit or float; others need ffmpeg)")
  Path path;

  @Mixin SessionOptions session;

  @Mixin KafkaOptions kafka;

  @ArgGroup(exclusive = true)
  Pace pace;

  static class Pace {
    @Option(names = "--realtime", description = "Send at real-time speed, like a live source")
    boolean realtime;

    @Option(
        names = "--speed",
        paramLabel = "X",
        description = "Send at X times real time (default: as fast as Kafka takes it)")
    double speed;
  }

  @Override
  public Integer call() throws Exception {
    double speed = pace == null ? 0 : pace.realtime ? 1 : pace.speed;
    if (pace != null && !pace.realtime && !(speed > 0)) {
      System.err.println("error: --speed must be > 0, got " + pace.speed);
      return 2;
    }
    return Commands.report(
        () -> {
          AudioSource source = AudioFiles.open(path);
          return SourceIngest.run(
              kafka.toConfig(),
              session.sessionId(),
              session.settings(source.description()),
              source,
              speed,
              ProgressBar.onTerminal());
        },
        session.sessionId);
  }
}
