package io.captionflow.job.cli;

import io.captionflow.job.JobConfig;
import io.captionflow.job.enhance.EnhancementFailedException;
import io.captionflow.job.enhance.EnhancementRunner;
import io.captionflow.job.enhance.EnhancementSummary;
import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow enhance --session ID [--run N]}: the enhanced transcript of a recorded run,
 * now: re-transcribes its whole recording from the audio topic with full context (and speakers, if
 * the session asked for them), writes it to the segments topic, and prints a summary with how far
 * the live subtitles were from it.
 */
@Command(
    name = "enhance",
    mixinStandardHelpOptions = true,
    description = {
      "Re-transcribe a recorded session's run from the audio topic with full context (the enhanced",
      "transcript): EnhancedSegment events and an ENHANCED status on the segments topic, then a",
      "summary line (words, audio, wall time, live-vs-enhanced word differences). The run must have",
      "ended. Progress goes to standard error."
    })
public final class EnhanceCommand implements Callable<Integer> {

  @Option(
      names = "--session",
      required = true,
      paramLabel = "ID",
      description = "the recorded session")
  String sessionId;

  @Option(
      names = "--run",
      paramLabel = "N",
      description = "which run of the session id (default: its newest ended run)")
  Long run;

  @Option(names = "--json", description = "the summary as one JSON object on standard output")
  boolean json;

  @Mixin EnhancementOptions options = new EnhancementOptions();

  @Spec CommandSpec spec;

  /**
   * For {@code flink run -c io.captionflow.job.enhance.EnhancementJob}: the client's environment.
   */
  public static EnhanceCommand inClusterEnvironment() {
    EnhanceCommand command = new EnhanceCommand();
    command.options.inCluster = true;
    return command;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelOptions.trustAvroPackages();
    if (run != null && run < 0) {
      err.println("error: --run must be >= 0, got " + run);
      return 2;
    }
    try {
      JobConfig config = options.config();
      err.println("enhancing session " + sessionId + " on " + options.where());
      EnhancementSummary summary =
          new EnhancementRunner(
                  config,
                  options.readTimeout,
                  options.environments(),
                  options.retry(),
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .enhance(sessionId, run == null ? OptionalLong.empty() : OptionalLong.of(run));
      out.println(json ? summary.json() : summary.line());
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | EnhancementFailedException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
