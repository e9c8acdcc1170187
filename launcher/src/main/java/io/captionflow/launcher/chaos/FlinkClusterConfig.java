package io.captionflow.launcher.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code config.yaml} of the chaos run's standalone Flink cluster: RocksDB state, checkpoints
 * to a local directory, fixed-delay restarts, heartbeats short enough that a killed task manager is
 * noticed in seconds, small memory, and ZooKeeper HA when a ZooKeeper address is given.
 *
 * @param restPort the job manager's REST port (where the job is submitted and watched)
 * @param rpcPort the job manager's RPC port (task managers find it here without HA)
 * @param zookeeper ZooKeeper HOST:PORT for job manager HA, or null for none
 */
record FlinkClusterConfig(Path dir, int restPort, int rpcPort, String zookeeper) {

  /** Checkpoints this often: the audio a restore reads again. */
  static final long CHECKPOINT_MILLIS = 2_000;

  /** A task manager silent this long is declared lost and its tasks restarted. */
  static final long HEARTBEAT_TIMEOUT_MILLIS = 6_000;

  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("jobmanager.rpc.address", "127.0.0.1");
    s.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    s.put("jobmanager.bind-host", "127.0.0.1");
    s.put("taskmanager.bind-host", "127.0.0.1");
    s.put("taskmanager.host", "127.0.0.1");
    s.put("rest.address", "127.0.0.1");
    s.put("rest.bind-address", "127.0.0.1");
    s.put("rest.port", Integer.toString(restPort));
    s.put("taskmanager.numberOfTaskSlots", "1");
    s.put("parallelism.default", "2");
    // Small memory: two task managers and a job manager beside the broker on a shared box.
    s.put("jobmanager.memory.process.size", "640m");
    s.put("taskmanager.memory.process.size", "800m");
    s.put("taskmanager.memory.jvm-overhead.min", "96m");
    s.put("taskmanager.memory.jvm-overhead.max", "96m");
    s.put("taskmanager.memory.managed.size", "64m");
    s.put("taskmanager.memory.network.min", "32m");
    s.put("taskmanager.memory.network.max", "32m");
    s.put("taskmanager.memory.jvm-metaspace.size", "160m");
    s.put("state.backend.type", "rocksdb");
    s.put("state.backend.incremental", "true");
    s.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    s.put("execution.checkpointing.interval", CHECKPOINT_MILLIS + " ms");
    s.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    s.put("restart-strategy.type", "fixed-delay");
    s.put("restart-strategy.fixed-delay.attempts", "1000");
    s.put("restart-strategy.fixed-delay.delay", "1 s");
    s.put("heartbeat.interval", "1000");
    s.put("heartbeat.timeout", Long.toString(HEARTBEAT_TIMEOUT_MILLIS));
    // Few I/O threads: the cluster shares two cores with everything else.
    s.put("cluster.io-pool.size", "2");
    s.put("slot.request.timeout", "120000");
    s.put("resourcemanager.taskmanager-timeout", "5000");
    if (zookeeper != null) {
      s.put("high-availability.type", "zookeeper");
      s.put("high-availability.zookeeper.quorum", zookeeper);
      s.put("high-availability.storageDir", dir.resolve("ha").toUri().toString());
      s.put("high-availability.cluster-id", "/captionflow-chaos");
      s.put("high-availability.zookeeper.client.session-timeout", "20000");
    }
    return s;
  }

  /** Writes {@code config.yaml} into {@link #dir()}/conf and returns that directory. */
  Path write() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    String yaml =
        settings().entrySet().stream()
            .map(e -> e.getKey() + ": " + quote(e.getValue()))
            .collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(conf.resolve("config.yaml"), yaml);
    return conf;
  }

  private static String quote(String value) {
    return value.matches("[A-Za-z0-9_./-]+") ? value : "'" + value.replace("'", "''") + "'";
  }
}
