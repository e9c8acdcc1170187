package io.captionflow.ingest;

import io.captionflow.ingest.cli.BridgeCommand;
import io.captionflow.ingest.cli.ReplayCommand;
import picocli.CommandLine;

/**
 * Entry point of the {@code captionflow/ingest-bridge} image. With no arguments it runs {@code
 * serve}, the WebSocket ingest the image exists for (configured from the environment); otherwise it
 * runs the bridge command given, e.g. {@code stdin --session x} or {@code replay --session x}.
 */
public final class IngestBridgeMain {

  private IngestBridgeMain() {}

  static CommandLine commandLine() {
    return new CommandLine(new BridgeCommand())
        .addSubcommand(new ReplayCommand())
        .setCommandName("ingest-bridge");
  }

  /** The arguments to run: {@code serve} when none are given. */
  static String[] orServe(String[] args) {
    return args.length == 0 ? new String[] {"serve"} : args;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(orServe(args)));
  }
}
