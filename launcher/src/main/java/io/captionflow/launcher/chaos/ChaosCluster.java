package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.kafka.TopicProvisioner;
import io.captionflow.launcher.CaptionFlowCli;
import io.captionflow.schema.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The chaos run's processes, each its own JVM on this machine: the broker, optionally ZooKeeper, a
 * standalone Flink cluster (a job manager and two task managers), the subtitle sink and the ingest
 * bridge. Any of them can be killed with SIGKILL and a new one started in its place, on the same
 * ports and data. {@link #close()} kills every child still alive.
 */
final class ChaosCluster implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 4;
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path workDir;
  private final boolean highAvailability;
  private final int kafkaPort = freePort();
  private final int zookeeperPort = freePort();
  private final int restPort = freePort();
  private final int rpcPort = freePort();
  private final int sinkPort = freePort();
  private final int bridgePort = freePort();
  private final Map<String, ChildJvm> children = new LinkedHashMap<>();
  private final List<ChildJvm> everyChild = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread killOnExit = new Thread(this::killAll, "chaos-kill-children");
  private Path flinkConf;
  private int taskManagers;

  /**
   * @param highAvailability run the job manager with ZooKeeper HA (a ZooKeeper JVM of its own)
   */
  ChaosCluster(Path workDir, boolean highAvailability) {
    this.workDir = workDir;
    this.highAvailability = highAvailability;
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  String bootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  String flinkRest() {
    return "127.0.0.1:" + restPort;
  }

  String sink() {
    return "127.0.0.1:" + sinkPort;
  }

  String bridge() {
    return "127.0.0.1:" + bridgePort;
  }

  /** Starts every process (in parallel where they do not depend on each other) and the topics. */
  void start() throws Exception {
    flinkConf =
        new FlinkClusterConfig(
                workDir.resolve("flink"),
                restPort,
                rpcPort,
                highAvailability ? "127.0.0.1:" + zookeeperPort : null)
            .write();
    if (highAvailability) {
      startZookeeper();
    }
    startKafka();
    startJobManager();
    startTaskManager();
    startTaskManager();
    awaitKafka();
    TopicProvisioner.ensureTopics(
        bootstrap(),
        List.of(
            Topics.DEFAULT.audio(),
            Topics.DEFAULT.sessionEvents(),
            Topics.DEFAULT.segments(),
            Topics.DEFAULT.deadLetters()),
        PARTITIONS,
        Duration.ofSeconds(60));
    startSink();
    startBridge();
    awaitFlink(2);
    awaitHttp("sink", sinkPort, "/health");
    awaitHttp("bridge", bridgePort, "/health");
  }

  void startZookeeper() throws IOException {
    Path data = Files.createDirectories(workDir.resolve("zookeeper"));
    start(
        "zookeeper",
        96,
        List.of("-Dzookeeper.admin.enableServer=false"),
        "org.apache.flink.shaded.zookeeper3.org.apache.zookeeper.server.ZooKeeperServerMain",
        List.of(Integer.toString(zookeeperPort), data.toString()));
    await("zookeeper", () -> portOpen(zookeeperPort));
  }

  void startKafka() {
    start(
        "kafka",
        384,
        List.of(),
        CaptionFlowCli.class.getName(),
        List.of(
            "kafka",
            "--port",
            Integer.toString(kafkaPort),
            "--data-dir",
            workDir.resolve("kafka").toString()));
  }

  void awaitKafka() {
    await("kafka", () -> portOpen(kafkaPort));
  }

  void startJobManager() {
    start(
        "jobmanager",
        256,
        List.of("-XX:MaxMetaspaceSize=256m"),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        List.of("--configDir", flinkConf.toString()));
  }

  /** Starts task manager N+1 (numbered on, so a replacement has a name of its own). */
  void startTaskManager() {
    taskManagers++;
    // What Flink's start script computes: JVM memory flags and the derived memory settings.
    TaskExecutorProcessSpec memory =
        TaskExecutorProcessUtils.processSpecFromConfig(
            GlobalConfiguration.loadConfiguration(flinkConf.toString()));
    List<String> args = new ArrayList<>(List.of("--configDir", flinkConf.toString()));
    args.addAll(
        List.of(TaskExecutorProcessUtils.generateDynamicConfigsStr(memory).trim().split("\\s+")));
    start(
        "taskmanager-" + taskManagers,
        256,
        List.of(ProcessMemoryUtils.generateJvmParametersStr(memory).trim().split("\\s+")),
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        args);
  }

  void startSink() {
    start(
        "sink",
        256,
        List.of(),
        CaptionFlowCli.class.getName(),
        List.of(
            "sink",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(sinkPort),
            "--bootstrap",
            bootstrap(),
            "--open"));
  }

  void startBridge() {
    start(
        "bridge",
        256,
        List.of(),
        CaptionFlowCli.class.getName(),
        List.of(
            "bridge",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(bridgePort),
            "--bootstrap",
            bootstrap(),
            "--allow-anonymous"));
  }

  /** Waits until the job manager's REST API answers and {@code taskManagers} are registered. */
  void awaitFlink(int registered) {
    await(
        registered + " task managers registered",
        () -> {
          JsonNode overview = rest("/overview");
          return overview != null && overview.path("taskmanagers").asInt() >= registered;
        });
  }

  void awaitSink() {
    awaitHttp("sink", sinkPort, "/health");
  }

  void awaitBridge() {
    awaitHttp("bridge", bridgePort, "/health");
  }

  /** SIGKILL to the child named {@code name}. */
  void kill(String name) {
    ChildJvm child = children.remove(name);
    if (child == null) {
      throw new IllegalStateException("no running child named " + name);
    }
    child.kill();
  }

  /** The first task manager still running. */
  String aTaskManager() {
    return children.keySet().stream()
        .filter(n -> n.startsWith("taskmanager-"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no task manager running"));
  }

  /** GET on the job manager's REST API; null while it does not answer. */
  JsonNode rest(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + flinkRest() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void start(
      String name, int heapMb, List<String> jvmOptions, String mainClass, List<String> args) {
    ChildJvm child = ChildJvm.start(name, workDir, heapMb, jvmOptions, mainClass, args);
    children.put(name, child);
    synchronized (everyChild) {
      everyChild.add(child);
    }
  }

  private void awaitHttp(String name, int port, String path) {
    await(
        name,
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  /** Polls {@code ready} until true; a child that died meanwhile fails at once with its log. */
  void await(String what, BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!ready.getAsBoolean()) {
      for (ChildJvm child : children.values()) {
        if (!child.isAlive()) {
          throw new IllegalStateException(
              child.name()
                  + " exited while waiting for "
                  + what
                  + "; its log:\n"
                  + child.logTail());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + START_TIMEOUT.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void killAll() {
    List<ChildJvm> all;
    synchronized (everyChild) {
      all = List.copyOf(everyChild);
    }
    for (ChildJvm child : all) {
      if (child.isAlive()) {
        child.kill();
      }
    }
  }

  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
