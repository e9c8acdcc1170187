package io.captionflow.ingest.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bridge}: audio sources into Kafka as 16 kHz chunks ({@code stdin}, {@code file}, {@code
 * url}, {@code serve}).
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = "Publish audio to Kafka as 16 kHz mono PCM16 chunks, one session per source.",
    subcommands = {StdinCommand.class, FileCommand.class, UrlCommand.class, ServeCommand.class})
public class BridgeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeCommand()).execute(args));
  }
}
