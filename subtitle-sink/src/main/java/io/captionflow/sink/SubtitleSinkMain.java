package io.captionflow.sink;

import picocli.CommandLine;

/**
 * Entry point of the {@code captionflow/subtitle-sink} image: runs {@link SinkCommand} with the
 * given flags (usually none: the environment configures it) until the container is stopped.
 */
public final class SubtitleSinkMain {

  private SubtitleSinkMain() {}

  static CommandLine commandLine() {
    return new CommandLine(new SinkCommand()).setCommandName("subtitle-sink");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
