package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.captionflow.inference.fixture.ToneLanguageFixture;
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
 * fixture speech per scenario, each subscriber must receive exactly the session's words. About 3.5
 * minutes on a shared 2-core machine. The processes' logs stay in target/chaos-test.
 */
class ChaosTest {

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
    List<ChaosReport> reports =
        new ChaosRun(scenarios, SESSIONS, SECONDS, workDir, new PrintStream(System.err, true))
            .run(r -> System.err.println(r.toJson()));
    int wordsPerSession =
        FixtureSpeech.phrases(
                ToneLanguageFixture.write(Files.createTempDirectory("chaos-model")), SECONDS)
            .expectedWords()
            .size();
    assertEquals(scenarios.size(), reports.size());
    return reports.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.scenario().id(),
                    () -> {
                      assertEquals(SESSIONS * wordsPerSession, r.count().expected(), r.toJson());
                      assertEquals(r.count().expected(), r.count().delivered(), r.toJson());
                      assertEquals(0, r.count().lost(), r.toJson());
                      assertEquals(0, r.count().duplicated(), r.toJson());
                      assertEquals(0, r.count().unexpected(), r.toJson());
                      assertEquals(0.0, r.audioDroppedSeconds(), r.toJson());
                      assertNotNull(r.recoverySeconds(), r.toJson());
                    }));
  }
}
