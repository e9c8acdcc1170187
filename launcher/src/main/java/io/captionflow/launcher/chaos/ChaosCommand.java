package io.captionflow.launcher.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
      required = true,
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
      defaultValue = "30",
      description = "audio per session, at least 10 (default ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "data and logs of the processes (default: a new temporary directory)")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    ChaosRun run;
    try {
      List<Scenario> faults =
          scenario.equals(List.of("all"))
              ? List.of(Scenario.values())
              : scenario.stream().map(Scenario::of).toList();
      Path dir = workDir != null ? workDir : Files.createTempDirectory("captionflow-chaos-");
      run = new ChaosRun(faults, sessions, seconds, dir, System.err);
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
    return reports.stream().allMatch(ChaosReport::passed) ? 0 : 1;
  }
}
