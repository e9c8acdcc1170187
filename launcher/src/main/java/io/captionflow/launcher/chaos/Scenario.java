package io.captionflow.launcher.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The fault one chaos run injects mid-session (kill = SIGKILL), or none for comparison. */
enum Scenario {
  NONE("none", "nothing (the fault-free comparison)"),
  KILL_TASKMANAGER("kill-taskmanager", "kill -9 one task manager, start a new one"),
  RESTART_BROKER("restart-broker", "kill -9 the broker, start it again on its port and data"),
  KILL_SINK("kill-sink", "kill -9 the subtitle sink, start a new one on its port"),
  KILL_JOBMANAGER(
      "kill-jobmanager", "kill -9 the job manager, start a new one (ZooKeeper HA finds the job)"),
  KILL_BRIDGE("kill-bridge", "kill -9 the ingest bridge, start a new one on its port");

  private final String id;
  private final String fault;

  Scenario(String id, String fault) {
    this.id = id;
    this.fault = fault;
  }

  String id() {
    return id;
  }

  String fault() {
    return fault;
  }

  static Scenario of(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown scenario '"
                        + id
                        + "'; one of "
                        + Arrays.stream(values())
                            .map(Scenario::id)
                            .collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return id;
  }
}
