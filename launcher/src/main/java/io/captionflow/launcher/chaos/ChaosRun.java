package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.job.session.LagBudget;
import io.captionflow.launcher.FixtureSpeech;
import io.captionflow.schema.Topics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One chaos run: the cluster of real processes, then for each scenario in turn N rooms streaming
 * fixture speech in real time through the bridge, one subscriber per session on the sink, one fault
 * injected at {@link #FAULT_AT} of the audio, and every subscriber's words compared with what its
 * session said. Scenarios after the first run on the cluster the previous one left behind (its
 * killed process replaced), each with sessions of its own.
 */
final class ChaosRun {

  /**
   * Where in the session the fault comes: after the first checkpoints, with speech still to come.
   */
  static final double FAULT_AT = 0.4;

  /** How long the words may take to arrive after the last audio was sent. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

  /** The faults a soak rotates through. */
  static final List<Scenario> SOAK_ROTATION =
      List.of(
          Scenario.KILL_TASKMANAGER,
          Scenario.RESTART_BROKER,
          Scenario.KILL_SINK,
          Scenario.KILL_JOBMANAGER,
          Scenario.KILL_BRIDGE);

  /** How often a soak samples heap, state, checkpoints and lag. */
  static final long SOAK_SAMPLE_SECONDS = 10;

  private static final String GROUP_ID = "captionflow-chaos";

  private final List<Scenario> scenarios;
  private final Duration soak;
  private final boolean sampling;
  private final List<SoakSample> samples = new ArrayList<>();
  private volatile Scenario current;
  private final int sessions;
  private final double seconds;
  private final Path workDir;
  private final PrintStream progress;
  private final long started = System.currentTimeMillis();

  ChaosRun(
      List<Scenario> scenarios, int sessions, double seconds, Path workDir, PrintStream progress) {
    this(scenarios, null, false, sessions, seconds, workDir, progress);
  }

  /** The named scenarios, sampling the cluster as a soak does. */
  static ChaosRun sampled(
      List<Scenario> scenarios, int sessions, double seconds, Path workDir, PrintStream progress) {
    return new ChaosRun(scenarios, null, true, sessions, seconds, workDir, progress);
  }

  /**
   * A soak: the {@link #SOAK_ROTATION} faults in turn, one per round, until {@code soak} has
   * passed, sampling the cluster meanwhile.
   */
  static ChaosRun soak(
      Duration soak, int sessions, double seconds, Path workDir, PrintStream progress) {
    if (soak.isNegative() || soak.isZero()) {
      throw new IllegalArgumentException("--minutes must be positive, got " + soak);
    }
    return new ChaosRun(SOAK_ROTATION, soak, true, sessions, seconds, workDir, progress);
  }

  private ChaosRun(
      List<Scenario> scenarios,
      Duration soak,
      boolean sampling,
      int sessions,
      double seconds,
      Path workDir,
      PrintStream progress) {
    if (scenarios.isEmpty()) {
      throw new IllegalArgumentException("no scenario given");
    }
    if (sessions < 1) {
      throw new IllegalArgumentException("--sessions must be at least 1, got " + sessions);
    }
    if (seconds < 10) {
      throw new IllegalArgumentException("--seconds must be at least 10, got " + seconds);
    }
    this.scenarios = List.copyOf(scenarios);
    this.soak = soak;
    this.sampling = sampling;
    this.sessions = sessions;
    this.seconds = seconds;
    this.workDir = workDir;
    this.progress = progress;
  }

  /** Runs every scenario; {@code each} gets each report as soon as it is known. */
  List<ChaosReport> run(Consumer<ChaosReport> each) throws Exception {
    Files.createDirectories(workDir);
    Path modelDir = workDir.resolve("model");
    ToneLanguage language = ToneLanguageFixture.write(modelDir);
    FixtureSpeech speech = FixtureSpeech.phrases(language, seconds);
    say(
        "%s: %d sessions of %.0f s fixture speech (%d words each), processes' logs in %s",
        scenarios, sessions, speech.seconds(), speech.expectedWords().size(), workDir);
    WebSocketClient websockets = new WebSocketClient();
    websockets.start();
    List<ChaosReport> reports = new ArrayList<>();
    try (ChaosCluster cluster =
        new ChaosCluster(workDir, scenarios.contains(Scenario.KILL_JOBMANAGER))) {
      cluster.start();
      say(
          "processes up: broker %s, Flink %s, sink %s, bridge %s",
          cluster.bootstrap(), cluster.flinkRest(), cluster.sink(), cluster.bridge());
      String jobId = submitJob(cluster, modelDir);
      current = scenarios.get(0);
      try (SoakSampler sampler =
          !sampling
              ? null
              : new SoakSampler(
                  cluster,
                  jobId,
                  GROUP_ID,
                  Topics.DEFAULT.audio(),
                  () -> current,
                  started,
                  SOAK_SAMPLE_SECONDS)) {
        for (int i = 0; soak == null ? i < scenarios.size() : i == 0 || !soakOver(); i++) {
          Scenario scenario = roundScenario(scenarios, i);
          current = scenario;
          int checkpoints = awaitNewCheckpoint(cluster, jobId);
          say("%s: job %s running, %d checkpoints completed", scenario, jobId, checkpoints);
          ChaosReport report = round(i, scenario, cluster, jobId, speech, websockets);
          reports.add(report);
          each.accept(report);
        }
        if (sampler != null) {
          samples.addAll(sampler.samples());
          say(
              "%d rounds, sampled every %d s:%n%s",
              reports.size(), SOAK_SAMPLE_SECONDS, SoakSample.table(samples));
        }
      }
      return reports;
    } finally {
      websockets.stop();
    }
  }

  /** Round {@code i}'s fault: the scenarios in turn, a soak starting over after the last. */
  static Scenario roundScenario(List<Scenario> scenarios, int i) {
    return scenarios.get(i % scenarios.size());
  }

  private boolean soakOver() {
    return System.currentTimeMillis() - started >= soak.toMillis();
  }

  /** What a soak sampled, in order (empty for a run of named scenarios). */
  List<SoakSample> samples() {
    return List.copyOf(samples);
  }

  private ChaosReport round(
      int index,
      Scenario scenario,
      ChaosCluster cluster,
      String jobId,
      FixtureSpeech speech,
      WebSocketClient websockets)
      throws Exception {
    List<RoomClient> rooms = new ArrayList<>();
    List<SinkSubscriber> subscribers = new ArrayList<>();
    try {
      for (int i = 0; i < sessions; i++) {
        // Names of their own in every round: a soak repeats scenarios, and a reused id is a new
        // run.
        String session = "chaos-" + index + "-" + scenario.id() + "-" + i;
        subscribers.add(new SinkSubscriber(websockets, cluster.sink(), session));
        rooms.add(new RoomClient(websockets, cluster.bridge(), session, speech.audio()));
      }
      rooms.forEach(RoomClient::start);
      long streamStart = rooms.get(0).startMillis();
      long faultAt = streamStart + (long) (speech.seconds() * FAULT_AT * 1000);
      Thread.sleep(Math.max(0, faultAt - System.currentTimeMillis()));
      faultAt = System.currentTimeMillis();
      inject(scenario, cluster, jobId);
      for (RoomClient room : rooms) {
        room.done().get(DRAIN_TIMEOUT.toSeconds() + (long) speech.seconds(), TimeUnit.SECONDS);
      }
      say("%s: all rooms sent their audio and ended; waiting for the subtitles", scenario);
      long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT.toMillis();
      while (System.currentTimeMillis() < deadline
          && !subscribers.stream().allMatch(SinkSubscriber::ended)) {
        Thread.sleep(200);
      }
      // Words re-sent after a recovery may trail the end status: give them a moment to show up.
      Thread.sleep(2_000);
      return report(scenario, speech, rooms, subscribers, faultAt);
    } finally {
      rooms.forEach(RoomClient::close);
      subscribers.forEach(SinkSubscriber::close);
    }
  }

  private void inject(Scenario scenario, ChaosCluster cluster, String jobId) throws Exception {
    switch (scenario) {
      case NONE -> say("no fault injected (comparison run)");
      case KILL_TASKMANAGER -> {
        String victim = cluster.aTaskManager();
        cluster.kill(victim);
        say("killed %s (kill -9); starting a new task manager", victim);
        cluster.startTaskManager();
      }
      case RESTART_BROKER -> {
        cluster.kill("kafka");
        say("killed the broker (kill -9); starting it again on the same port and data");
        cluster.startKafka();
        cluster.awaitKafka();
        say("broker back");
      }
      case KILL_SINK -> {
        cluster.kill("sink");
        say("killed the sink (kill -9); starting a new one");
        cluster.startSink();
        cluster.awaitSink();
        say("sink back");
      }
      case KILL_JOBMANAGER -> {
        cluster.kill("jobmanager");
        say("killed the job manager (kill -9); starting a new one");
        cluster.startJobManager();
        cluster.awaitFlink(2);
        say("job manager back; waiting for it to recover job %s", jobId);
      }
      case KILL_BRIDGE -> {
        cluster.kill("bridge");
        say("killed the bridge (kill -9); starting a new one on the same port");
        cluster.startBridge();
        cluster.awaitBridge();
        say("bridge back");
      }
    }
  }

  private String submitJob(ChaosCluster cluster, Path modelDir) throws Exception {
    JobConfig config =
        JobConfig.fromEnvironment(System.getenv())
            .withKafka(cluster.bootstrap(), Topics.DEFAULT, GROUP_ID)
            .withModels(ModelSpec.parakeet(modelDir, "cpu", null))
            .withCheckpointInterval(Duration.ofMillis(FlinkClusterConfig.CHECKPOINT_MILLIS))
            // A recovery here takes longer than the default budget's 10 s, and a degraded session's
            // words differ by design: without the budget every word can be compared exactly.
            .withLagBudget(LagBudget.OFF)
            .withParallelism(2);
    String[] hostPort = cluster.flinkRest().split(":");
    // The job's classes are on the task managers' classpath: nothing to ship.
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment(
            hostPort[0], Integer.parseInt(hostPort[1]));
    JobClient client = CaptionFlowJob.overKafka(config).start(env);
    return client.getJobID().toHexString();
  }

  /**
   * Waits until the job completes a checkpoint from now on (so it runs, recovered from the last
   * fault if there was one); returns the number completed.
   */
  private int awaitNewCheckpoint(ChaosCluster cluster, String jobId) {
    int[] completed = {-1};
    cluster.await(
        "a new completed checkpoint of job " + jobId,
        () -> {
          JsonNode c = cluster.rest("/jobs/" + jobId + "/checkpoints");
          if (c == null) {
            return false;
          }
          int now = c.path("counts").path("completed").asInt();
          if (completed[0] < 0) {
            completed[0] = now;
          }
          return now > completed[0];
        });
    return completed[0] + 1;
  }

  private ChaosReport report(
      Scenario scenario,
      FixtureSpeech speech,
      List<RoomClient> rooms,
      List<SinkSubscriber> subscribers,
      long faultAt) {
    DeliveryCount total = DeliveryCount.ZERO;
    Double recovery = 0.0;
    int dropped = 0;
    for (int i = 0; i < rooms.size(); i++) {
      SinkSubscriber s = subscribers.get(i);
      RoomClient room = rooms.get(i);
      total = total.plus(DeliveryCount.of(speech.expectedWords(), s.words()));
      dropped += room.droppedFrames();
      Long waited = longestWaitAfter(s.delivered(), room.startMillis(), faultAt);
      recovery = waited == null || recovery == null ? null : Math.max(recovery, waited / 1000.0);
    }
    return new ChaosReport(
        scenario,
        sessions,
        speech.seconds(),
        total,
        recovery,
        dropped * RoomClient.FRAME_MILLIS / 1000.0,
        scenario == Scenario.KILL_JOBMANAGER ? "zookeeper" : null,
        workDir.toString());
  }

  /**
   * The longest a word waited because of the fault, in ms: over the words that arrived after the
   * fault, arrival minus the later of the fault and the end of the word's audio (session time 0 is
   * the room's first frame). A fault-free run gives a word's normal latency; null if none arrived.
   */
  static Long longestWaitAfter(
      List<SinkSubscriber.Delivered> delivered, long sessionStartMillis, long faultAt) {
    Long longest = null;
    for (SinkSubscriber.Delivered d : delivered) {
      if (d.receivedAtMillis() < faultAt) {
        continue;
      }
      long spokenEnd = sessionStartMillis + Math.round(d.word().endSeconds() * 1000);
      long waited = d.receivedAtMillis() - Math.max(faultAt, spokenEnd);
      longest = longest == null ? waited : Math.max(longest, waited);
    }
    return longest;
  }

  private void say(String format, Object... args) {
    progress.printf(
        "[chaos %5.1f s] %s%n",
        (System.currentTimeMillis() - started) / 1000.0, String.format(format, args));
    progress.flush();
  }
}
