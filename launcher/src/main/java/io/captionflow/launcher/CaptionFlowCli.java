package io.captionflow.launcher;

import io.captionflow.diarization.cli.DerCommand;
import io.captionflow.diarization.cli.DiarizationBenchCommand;
import io.captionflow.diarization.cli.DiarizationFixtureCommand;
import io.captionflow.diarization.cli.DiarizeCommand;
import io.captionflow.inference.cli.BenchCommand;
import io.captionflow.inference.cli.DownloadModelCommand;
import io.captionflow.inference.cli.FixtureModelCommand;
import io.captionflow.inference.cli.TranscribeCommand;
import io.captionflow.inference.cli.VadCommand;
import io.captionflow.ingest.cli.BridgeCommand;
import io.captionflow.ingest.cli.ReplayCommand;
import io.captionflow.job.cli.EnhanceBenchCommand;
import io.captionflow.job.cli.EnhanceCommand;
import io.captionflow.job.cli.EnhancerCommand;
import io.captionflow.job.cli.JobCommand;
import io.captionflow.job.cli.StreamBenchCommand;
import io.captionflow.job.cli.StreamTranscribeCommand;
import io.captionflow.launcher.chaos.ChaosCommand;
import io.captionflow.sink.SinkBenchCommand;
import io.captionflow.sink.SinkCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./captionflow} command: every component and tool of the project behind one entry
 * point.
 */
@Command(
    name = "captionflow",
    mixinStandardHelpOptions = true,
    version = "captionflow 0.1.0",
    description =
        "Live subtitles as a stream-processing job: ingest bridge -> Kafka -> Flink -> subtitle sink.",
    subcommands = {
      DemoCommand.class,
      SelftestCommand.class,
      LoadCommand.class,
      ChaosCommand.class,
      KafkaCommand.class,
      BridgeCommand.class,
      ReplayCommand.class,
      JobCommand.class,
      EnhanceCommand.class,
      EnhancerCommand.class,
      SinkCommand.class,
      TranscribeCommand.class,
      VadCommand.class,
      FixtureModelCommand.class,
      DownloadModelCommand.class,
      BenchCommand.class,
      StreamBenchCommand.class,
      EnhanceBenchCommand.class,
      SinkBenchCommand.class,
      DiarizeCommand.class,
      DerCommand.class,
      DiarizationFixtureCommand.class,
      DiarizationBenchCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class CaptionFlowCli {

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * {@code transcribe --stream} runs the streaming job on the file instead of one whole-file
   * decode.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new CaptionFlowCli());
    if (args.length > 0
        && args[0].equals("transcribe")
        && Arrays.asList(args).contains("--stream")) {
      cli.getCommandSpec().removeSubcommand("transcribe");
      cli.addSubcommand("transcribe", new StreamTranscribeCommand());
    }
    return cli;
  }
}
