package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SoakSampleTest {

  private static final List<SoakSample> SAMPLES =
      List.of(
          new SoakSample(10.2, Scenario.KILL_TASKMANAGER, 141, 52_224, 180, 3),
          new SoakSample(20.0, Scenario.RESTART_BROKER, 150, 53_248, -1, -1));

  @Test
  void theTableShowsMissingValuesAsDashes() {
    assertEquals(
        "   t (s)  round              heap MB   state (kB)  checkpoint ms  Kafka lag\n"
            + "      10  kill-taskmanager       141         51.0            180          3\n"
            + "      20  restart-broker         150         52.0              -          -\n",
        SoakSample.table(SAMPLES));
  }

  @Test
  void theSummarySumsTheRoundsAndListsEverySample() {
    List<ChaosReport> rounds =
        List.of(
            new ChaosReport(
                Scenario.KILL_TASKMANAGER,
                2,
                120,
                new DeliveryCount(10, 10, 0, 0, 0),
                9.0,
                0,
                null,
                "d"),
            new ChaosReport(
                Scenario.RESTART_BROKER,
                2,
                120,
                new DeliveryCount(10, 11, 0, 1, 0),
                12.0,
                0,
                null,
                "d"));
    assertEquals(
        "{\"soakMinutes\": 5.0, \"faults\": 2, \"wordsExpected\": 20, \"wordsDelivered\": 21, "
            + "\"lost\": 0, \"duplicated\": 1, \"unexpected\": 0, \"samples\": ["
            + "{\"atSeconds\": 10, \"round\": \"kill-taskmanager\", \"heapMb\": 141, "
            + "\"stateBytes\": 52224, \"checkpointMillis\": 180, \"kafkaLag\": 3}, "
            + "{\"atSeconds\": 20, \"round\": \"restart-broker\", \"heapMb\": 150, "
            + "\"stateBytes\": 53248, \"checkpointMillis\": -1, \"kafkaLag\": -1}]}",
        SoakSummary.json(5, rounds, SAMPLES));
  }
}
