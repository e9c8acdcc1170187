package io.captionflow.launcher.chaos;

import java.util.List;
import java.util.Locale;

/**
 * One look at the soaking cluster: task manager heap, the job's state and checkpoints, the audio
 * waiting in Kafka. A value the cluster did not give (a process being restarted) is -1.
 *
 * @param atSeconds since the run started
 * @param scenario the round running at the time
 * @param heapMb the fullest task manager's heap in use
 * @param stateBytes size of the latest completed checkpoint
 * @param checkpointMillis end-to-end duration of the latest completed checkpoint
 * @param kafkaLag audio records the job has not committed yet (all partitions)
 */
record SoakSample(
    double atSeconds,
    Scenario scenario,
    long heapMb,
    long stateBytes,
    long checkpointMillis,
    long kafkaLag) {

  static final String HEADER =
      String.format(
          "%8s  %-16s  %8s  %11s  %13s  %9s",
          "t (s)", "round", "heap MB", "state (kB)", "checkpoint ms", "Kafka lag");

  String row() {
    return String.format(
        Locale.ROOT,
        "%8.0f  %-16s  %8s  %11s  %13s  %9s",
        atSeconds,
        scenario.id(),
        shown(heapMb),
        stateBytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", stateBytes / 1024.0),
        shown(checkpointMillis),
        shown(kafkaLag));
  }

  /** The table the soak prints at its end. */
  static String table(List<SoakSample> samples) {
    StringBuilder t = new StringBuilder(HEADER).append('\n');
    samples.forEach(s -> t.append(s.row()).append('\n'));
    return t.toString();
  }

  private static String shown(long value) {
    return value < 0 ? "-" : Long.toString(value);
  }
}
