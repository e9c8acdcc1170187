package io.captionflow.job.enhance;

import io.captionflow.job.JobConfig;
import io.captionflow.job.ModelOptions;
import java.io.PrintWriter;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * Which recorded run to enhance and how its summary prints: {@code captionflow enhance} and the
 * enhancement job's {@code flink run} entry enhance it the same way, each on its own {@link
 * EnhancementTarget}.
 */
public final class RunToEnhance {

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

  /** Enhances the run, progress on {@code err}, the summary on {@code out}; the exit code. */
  public int enhance(
      EnhancementOptions options, EnhancementTarget target, PrintWriter out, PrintWriter err)
      throws Exception {
    ModelOptions.trustAvroPackages();
    if (run != null && run < 0) {
      err.println("error: --run must be >= 0, got " + run);
      return 2;
    }
    try {
      JobConfig config = options.config();
      err.println("enhancing session " + sessionId + " on " + target.where());
      EnhancementSummary summary =
          new EnhancementRunner(
                  config,
                  options.readTimeout(),
                  target.environments(),
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
