package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChaosReportTest {

  @Test
  void theJsonHasTheIssuesNamesFirst() {
    ChaosReport r =
        new ChaosReport(
            Scenario.KILL_JOBMANAGER,
            3,
            30.0,
            new DeliveryCount(72, 72, 0, 0, 0),
            25.64,
            0.0,
            "zookeeper",
            "/tmp/c");
    assertEquals(
        "{\"scenario\": \"kill-jobmanager\", \"sessions\": 3, \"wordsExpected\": 72, "
            + "\"wordsDelivered\": 72, \"lost\": 0, \"duplicated\": 0, \"recoverySeconds\": 25.6, "
            + "\"unexpected\": 0, \"audioSeconds\": 30.0, \"audioDroppedSeconds\": 0.0, "
            + "\"fault\": \"kill -9 the job manager, start a new one (ZooKeeper HA finds the job)\", "
            + "\"jobManagerHa\": \"zookeeper\", \"logs\": \"/tmp/c\"}",
        r.toJson());
    assertTrue(r.passed());
  }

  @Test
  void aLostWordFailsAndNoWordAfterTheFaultIsANullRecovery() {
    ChaosReport r =
        new ChaosReport(
            Scenario.KILL_SINK, 1, 16.0, new DeliveryCount(17, 16, 1, 0, 0), null, 0.0, null, "d");
    assertFalse(r.passed());
    assertTrue(r.toJson().contains("\"lost\": 1, \"duplicated\": 0, \"recoverySeconds\": null, "));
  }
}
