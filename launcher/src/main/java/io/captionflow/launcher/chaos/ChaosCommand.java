package io.captionflow.launcher.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captionflow chaos}: one fault injected into a pipeline of real processes. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the pipeline as separate processes on this machine (broker, Flink job manager and two "
          + "task managers, sink, bridge), streams N rooms of fixture speech through it in real time, "
          + "kills one process mid-session (kill -9) and counts what WebSocket subscribers received. "
          + "Progress on stderr; one JSON object on stdout; exit 1 when a word was lost or duplicated.",
      "Scenarios: none, kill-taskmanager, restart-broker, kill-sink, kill-jobmanager, kill-bridge."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      split = ",",
      paramLabel = "NAME",
      description =
          "the fault; several (comma-separated, or 'all') run one after the other on the same "
              + "processes, one JSON line each")
  List<String> scenario;

  @Option(
      names = "--sessions",
      defaultValue = "3",
      description = "rooms streaming at once (default ${DEFAULT-VALUE})")
  int sessions;

  @Option(
      names = "--seconds",
      description = "audio per session and round, at least 10 (default 30; with --soak 120)")
  Double seconds;

  @Option(
      names = "--soak",
      description =
          "rotate through the five faults, one per round, for --minutes; sample task manager heap, "
              + "state size, checkpoint duration and Kafka lag every 10 s (a table on stderr at the "
              + "end, a JSON line with the samples last on stdout)")
  boolean soak;

  @Option(
      names = "--minutes",
      defaultValue = "30",
      description = "how long a soak runs (default ${DEFAULT-VALUE})")
  double minutes;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "data and logs of the processes (default: a new temporary directory)")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    ChaosRun run;
    try {
      if (soak == (scenario != null)) {
        throw new IllegalArgumentException("give either --scenario NAME or --soak");
      }
      Path dir = workDir != null ? workDir : Files.createTempDirectory("captionflow-chaos-");
      if (soak) {
        run =
            ChaosRun.soak(
                Duration.ofMillis(Math.round(minutes * 60_000)),
                sessions,
                seconds != null ? seconds : 120,
                dir,
                System.err);
      } else {
        List<Scenario> faults =
            scenario.equals(List.of("all"))
                ? List.of(Scenario.values())
                : scenario.stream().map(Scenario::of).toList();
        run = new ChaosRun(faults, sessions, seconds != null ? seconds : 30, dir, System.err);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    List<ChaosReport> reports =
        run.run(
            report -> {
              out.println(report.toJson());
              out.flush();
            });
    if (soak) {
      out.println(SoakSummary.json(minutes, reports, run.samples()));
      out.flush();
    }
    return reports.stream().allMatch(ChaosReport::passed) ? 0 : 1;
  }
}
