package io.captionflow.launcher.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Where a local Flink cluster's web dashboard and REST API listen. Loopback unless asked otherwise:
 * whoever reaches them can cancel the job or submit code.
 */
public record LocalDashboard(String bindAddress, int port) {

  public static final String LOOPBACK = "127.0.0.1";

  public LocalDashboard {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException("the dashboard bind address must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("dashboard port " + port + " is outside 0..65535");
    }
  }

  /** Sets Flink's REST bind address, the address its clients use, and the port. */
  public Configuration applyTo(Configuration conf) {
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    conf.set(RestOptions.ADDRESS, allInterfaces() ? LOOPBACK : bindAddress);
    conf.set(RestOptions.PORT, port);
    return conf;
  }

  /** Whether it listens on every interface (0.0.0.0 or ::). */
  public boolean allInterfaces() {
    try {
      return InetAddress.getByName(bindAddress).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false; // a host name that does not resolve: Flink reports it when binding
    }
  }

  /** What to show on screen: the URL, and who can reach it. */
  public String describe() {
    if (allInterfaces()) {
      return "http://<this host>:"
          + port
          + "/  (listening on ALL interfaces: anyone who can reach this machine can cancel the job)";
    }
    String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    return "http://"
        + host
        + ":"
        + port
        + "/  (listening on "
        + bindAddress
        + (isLoopback() ? " only; --dashboard-bind 0.0.0.0 opens it to the network)" : ")");
  }

  private boolean isLoopback() {
    try {
      return InetAddress.getByName(bindAddress).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
