package io.captionflow.inference.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The ASR engine's commands on their own (the project launcher registers the same command classes).
 */
@Command(
    name = "asr-engine",
    mixinStandardHelpOptions = true,
    subcommands = {
      TranscribeCommand.class,
      VadCommand.class,
      FixtureModelCommand.class,
      DownloadModelCommand.class,
      BenchCommand.class
    })
public final class AsrCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new AsrCli()).execute(args));
  }
}
