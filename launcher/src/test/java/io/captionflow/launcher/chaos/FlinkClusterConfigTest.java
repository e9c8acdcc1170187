package io.captionflow.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkClusterConfigTest {

  @TempDir Path dir;

  private Configuration written(String zookeeper) throws Exception {
    Path conf = new FlinkClusterConfig(dir, 18081, 16123, zookeeper).write();
    return GlobalConfiguration.loadConfiguration(conf.toString());
  }

  @Test
  void flinkReadsTheWrittenFileAsMeant() throws Exception {
    Configuration c = written(null);
    assertEquals("18081", c.toMap().get("rest.port"));
    assertEquals("16123", c.toMap().get("jobmanager.rpc.port"));
    assertEquals("rocksdb", c.toMap().get("state.backend.type"));
    assertEquals(
        dir.resolve("checkpoints").toUri().toString(),
        c.toMap().get("execution.checkpointing.dir"));
    assertEquals("2000 ms", c.toMap().get("execution.checkpointing.interval"));
    assertEquals("fixed-delay", c.toMap().get("restart-strategy.type"));
    assertEquals("6000", c.toMap().get("heartbeat.timeout"));
    assertNull(c.toMap().get("high-availability.type"), "no HA without ZooKeeper");
  }

  @Test
  void zookeeperHighAvailabilityWhenAnAddressIsGiven() throws Exception {
    Configuration c = written("127.0.0.1:2181");
    assertEquals("zookeeper", c.toMap().get("high-availability.type"));
    assertEquals("127.0.0.1:2181", c.toMap().get("high-availability.zookeeper.quorum"));
    assertEquals(
        dir.resolve("ha").toUri().toString(), c.toMap().get("high-availability.storageDir"));
  }

  @Test
  void aTaskManagersMemoryAddsUpToItsSmallProcessSize() throws Exception {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(written(null));
    assertEquals(800L << 20, spec.getTotalProcessMemorySize().getBytes());
    assertEquals(64L << 20, spec.getManagedMemorySize().getBytes());
    assertEquals(32L << 20, spec.getNetworkMemSize().getBytes());
  }
}
