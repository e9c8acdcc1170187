package io.captionflow.launcher.load;

import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.kafka.EmbeddedKafkaBroker;
import io.captionflow.kafka.TopicProvisioner;
import io.captionflow.launcher.LocalStack;
import io.captionflow.schema.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a load run measures: Kafka (in-process KRaft broker, or a cluster) with the run's own
 * topics, and the real job on a local MiniCluster with RocksDB state (incremental checkpoints into
 * {@code workDir}, as in production) or submitted to a Flink cluster. Knows the REST endpoint the
 * job's metrics are read from.
 */
final class LoadStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadStack.class);
  static final int PARTITIONS = 4;

  private final EmbeddedKafkaBroker broker;
  private final String bootstrapServers;
  private final Topics topics;
  private final boolean ownTopicsOnSharedKafka;
  private final JobClient job;
  private final URI rest;

  private LoadStack(
      EmbeddedKafkaBroker broker,
      String bootstrapServers,
      Topics topics,
      boolean ownTopicsOnSharedKafka,
      JobClient job,
      URI rest) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.ownTopicsOnSharedKafka = ownTopicsOnSharedKafka;
    this.job = job;
    this.rest = rest;
  }

  /**
   * @param kafka bootstrap servers of a cluster, or null for an in-process broker
   * @param flink REST endpoint HOST:PORT of a Flink cluster, or null for a local MiniCluster
   * @param config the job's configuration; its Kafka settings are replaced by the run's
   */
  static LoadStack start(
      String kafka, String flink, Path jobJar, Topics topics, JobConfig config, Path workDir)
      throws Exception {
    EmbeddedKafkaBroker broker = null;
    String bootstrap = kafka;
    try {
      if (bootstrap == null) {
        broker = EmbeddedKafkaBroker.startOnAnyPort();
        bootstrap = broker.bootstrapServers();
      }
      TopicProvisioner.ensureTopics(bootstrap, names(topics), PARTITIONS, Duration.ofSeconds(60));
      JobConfig run = config.withKafka(bootstrap, topics, "captionflow-load-" + topics.audio());
      StreamExecutionEnvironment env;
      URI rest;
      if (flink != null) {
        env = LocalStack.remoteEnvironment(flink, jobJar);
        rest = URI.create("http://" + flink);
      } else {
        int port = freePort();
        env = StreamExecutionEnvironment.createLocalEnvironment(localConfiguration(port, workDir));
        rest = URI.create("http://127.0.0.1:" + port);
      }
      JobClient job = CaptionFlowJob.overKafka(run).start(env);
      LOG.info("load job {} submitted ({})", job.getJobID(), flink == null ? rest : flink);
      return new LoadStack(broker, bootstrap, topics, kafka != null, job, rest);
    } catch (Exception | Error e) {
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
  }

  /** The MiniCluster: REST on 127.0.0.1, metrics fresh within a second, RocksDB like production. */
  static Configuration localConfiguration(int restPort, Path workDir) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, restPort);
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        workDir.resolve("checkpoints").toUri().toString());
    return conf;
  }

  private static List<String> names(Topics t) {
    return List.of(t.audio(), t.sessionEvents(), t.segments(), t.deadLetters());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  Topics topics() {
    return topics;
  }

  URI rest() {
    return rest;
  }

  String jobId() {
    return job.getJobID().toString();
  }

  @Override
  public void close() {
    try {
      job.cancel().get();
    } catch (Exception e) {
      LOG.warn("cancelling the load job: {}", e.getMessage());
    }
    if (ownTopicsOnSharedKafka) {
      // the run's topics are of no use after it: do not leave them on a shared cluster
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
        admin.deleteTopics(names(topics)).all().get();
      } catch (Exception e) {
        LOG.warn("deleting the load topics: {}", e.getMessage());
      }
    }
    if (broker != null) {
      broker.close();
    }
  }
}
