package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LocalDashboardTest {

  @Test
  void theJobCommandBindsTheDashboardToLoopbackUnlessAsked() {
    JobCommand defaults = new JobCommand();
    new CommandLine(defaults).parseArgs();
    assertEquals("127.0.0.1", defaults.dashboardBind);
    JobCommand open = new JobCommand();
    new CommandLine(open).parseArgs("--dashboard-bind", "0.0.0.0", "--dashboard-port", "9081");
    assertEquals("0.0.0.0", open.dashboardBind);
    assertEquals(9081, open.webPort);
  }

  @Test
  void loopbackIsWhatFlinkBindsAndWhatItsClientsUse() {
    Configuration conf = new LocalDashboard("127.0.0.1", 8081).applyTo(new Configuration());
    assertEquals("127.0.0.1", conf.get(RestOptions.BIND_ADDRESS));
    assertEquals("127.0.0.1", conf.get(RestOptions.ADDRESS));
    assertEquals(8081, conf.get(RestOptions.PORT));
    assertEquals(
        "http://127.0.0.1:8081/  (listening on 127.0.0.1 only; --dashboard-bind 0.0.0.0 opens it"
            + " to the network)",
        new LocalDashboard("127.0.0.1", 8081).describe());
  }

  @Test
  void allInterfacesIsSaidLoudlyAndClientsStillUseLoopback() {
    for (String any : new String[] {"0.0.0.0", "::"}) {
      LocalDashboard dashboard = new LocalDashboard(any, 8081);
      Configuration conf = dashboard.applyTo(new Configuration());
      assertEquals(any, conf.get(RestOptions.BIND_ADDRESS));
      assertEquals("127.0.0.1", conf.get(RestOptions.ADDRESS));
      assertEquals(
          "http://<this host>:8081/  (listening on ALL interfaces: anyone who can reach this"
              + " machine can cancel the job)",
          dashboard.describe());
    }
    assertEquals(
        "http://[::1]:8081/  (listening on ::1 only; --dashboard-bind 0.0.0.0 opens it to the"
            + " network)",
        new LocalDashboard("::1", 8081).describe());
  }

  @Test
  void emptyAddressesAndImpossiblePortsAreRefused() {
    assertEquals(
        "the dashboard bind address must not be empty",
        assertThrows(IllegalArgumentException.class, () -> new LocalDashboard(" ", 8081))
            .getMessage());
    assertEquals(
        "dashboard port 70000 is outside 0..65535",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LocalDashboard(LocalDashboard.LOOPBACK, 70000))
            .getMessage());
  }
}
