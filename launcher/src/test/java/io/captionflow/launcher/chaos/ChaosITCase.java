package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.launcher.FixtureSpeech;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every chaos scenario on real processes (broker, ZooKeeper, Flink job manager and task managers,
 * sink and bridge, each its own JVM), one after the other on the same cluster: 2 rooms of 16 s of
 * fixture speech per scenario, each subscriber must receive exactly the session's words; the
 * cluster is sampled as a soak samples it. About 4 minutes on a shared 2-core machine. The
 * processes' logs stay in target/chaos-test.
 */
class ChaosITCase {

  private static final int SESSIONS = 2;
  private static final double SECONDS = 16;

  @TestFactory
  Stream<DynamicTest> everyScenarioDeliversEveryWordOnce() throws Exception {
    Path workDir = Path.of("target", "chaos-test").toAbsolutePath();
    if (Files.exists(workDir)) {
      try (Stream<Path> old = Files.walk(workDir)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    List<Scenario> scenarios = Arrays.asList(Scenario.values());
    long startNanos = System.nanoTime();
    ChaosRun run =
        ChaosRun.sampled(scenarios, SESSIONS, SECONDS, workDir, new PrintStream(System.err, true));
    List<ChaosReport> reports = run.run(r -> System.err.println(r.toJson()));
    double runSeconds = (System.nanoTime() - startNanos) / 1e9;
    List<SoakSample> samples = run.samples();
    int wordsPerSession =
        FixtureSpeech.phrases(
                ToneLanguageFixture.write(Files.createTempDirectory("chaos-model")), SECONDS)
            .expectedWords()
            .size();
    assertEquals(scenarios.size(), reports.size());
    DynamicTest sampled =
        DynamicTest.dynamicTest(
            "the soak's samples",
            () -> {
              String table = SoakSample.table(samples);
              // Every 10 s from the job's start to the last round's end, however long the rounds
              // took:
              // the first once the cluster is up, the last at most an interval (and the teardown)
              // before
              // the run returned.
              assertTrue(samples.get(0).atSeconds() <= 45, table);
              assertTrue(
                  runSeconds - samples.get(samples.size() - 1).atSeconds()
                      <= 2 * ChaosRun.SOAK_SAMPLE_SECONDS + 30,
                  runSeconds + " s run: " + table);
              // At a fixed rate: a slow sample (a process restarting) delays only the next one.
              double spacing =
                  (samples.get(samples.size() - 1).atSeconds() - samples.get(0).atSeconds())
                      / (samples.size() - 1);
              assertEquals(ChaosRun.SOAK_SAMPLE_SECONDS, spacing, 1.0, table);
              assertEquals(
                  scenarios,
                  samples.stream().map(SoakSample::scenario).distinct().toList(),
                  "each round sampled, in order: " + table);
              assertTrue(samples.stream().anyMatch(s -> s.heapMb() > 0), table);
              assertTrue(samples.stream().anyMatch(s -> s.stateBytes() > 0), table);
              assertTrue(samples.stream().anyMatch(s -> s.checkpointMillis() >= 0), table);
              assertTrue(samples.stream().anyMatch(s -> s.kafkaLag() >= 0), table);
            });
    return Stream.concat(
        Stream.of(sampled),
        reports.stream()
            .map(
                r ->
                    DynamicTest.dynamicTest(
                        r.scenario().id(),
                        () -> {
                          assertEquals(
                              SESSIONS * wordsPerSession, r.count().expected(), r.toJson());
                          assertEquals(r.count().expected(), r.count().delivered(), r.toJson());
                          assertEquals(0, r.count().lost(), r.toJson());
                          assertEquals(0, r.count().duplicated(), r.toJson());
                          assertEquals(0, r.count().unexpected(), r.toJson());
                          assertEquals(0.0, r.audioDroppedSeconds(), r.toJson());
                          assertNotNull(r.recoverySeconds(), r.toJson());
                        })));
  }
}
