package io.captionflow.launcher;

import io.captionflow.ingest.cli.BridgeCommand;
import io.captionflow.ingest.cli.ReplayCommand;
import io.captionflow.launcher.asr.BenchCommand;
import io.captionflow.launcher.asr.DownloadModelCommand;
import io.captionflow.launcher.asr.FixtureModelCommand;
import io.captionflow.launcher.asr.TranscribeCommand;
import io.captionflow.launcher.asr.VadCommand;
import io.captionflow.launcher.chaos.ChaosCommand;
import io.captionflow.launcher.diarization.DerCommand;
import io.captionflow.launcher.diarization.DiarizationBenchCommand;
import io.captionflow.launcher.diarization.DiarizationFixtureCommand;
import io.captionflow.launcher.diarization.DiarizeCommand;
import io.captionflow.launcher.job.EnhanceBenchCommand;
import io.captionflow.launcher.job.EnhanceCommand;
import io.captionflow.launcher.job.EnhancerCommand;
import io.captionflow.launcher.job.JobCommand;
import io.captionflow.launcher.job.StreamBenchCommand;
import io.captionflow.launcher.job.StreamTranscribeCommand;
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
