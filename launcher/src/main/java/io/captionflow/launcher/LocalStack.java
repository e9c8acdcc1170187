package io.captionflow.launcher;

import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.kafka.EmbeddedKafkaBroker;
import io.captionflow.kafka.TopicProvisioner;
import io.captionflow.launcher.job.LocalDashboard;
import io.captionflow.schema.Topics;
import io.captionflow.sink.SinkConfig;
import io.captionflow.sink.SubtitleSinkServer;
import io.captionflow.sink.access.SubscribeTokens;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka (in-process, or an existing cluster), the topics, the transcription job (on a local Flink
 * cluster, or submitted to an existing one) and the subtitle sink, started together: what {@code
 * demo} and {@code selftest} run, and what the end-to-end tests run.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final int PARTITIONS = 4;

  /**
   * @param kafka existing bootstrap servers, or null for an in-process broker
   * @param flink existing Flink REST endpoint HOST:PORT, or null for a local cluster
   * @param jobJar the job jar shipped to an existing Flink cluster (with {@code flink})
   * @param dashboard where the local cluster's web dashboard listens; null = no dashboard
   * @param sinkPort subtitle sink port; 0 = any free port
   * @param subscribeTokens sink access; {@link SubscribeTokens#NONE} with {@code openAccess} for
   *     local demos
   */
  public record Settings(
      String kafka,
      String flink,
      Path jobJar,
      LocalDashboard dashboard,
      int sinkPort,
      Topics topics,
      ModelSpec models,
      Duration checkpointInterval,
      SubscribeTokens subscribeTokens,
      boolean openAccess) {}

  private final EmbeddedKafkaBroker broker;
  private final String bootstrapServers;
  private final JobClient job;
  private final SubtitleSinkServer sink;

  private LocalStack(
      EmbeddedKafkaBroker broker, String bootstrapServers, JobClient job, SubtitleSinkServer sink) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.job = job;
    this.sink = sink;
  }

  public static LocalStack start(Settings settings) throws Exception {
    EmbeddedKafkaBroker broker = null;
    JobClient job = null;
    SubtitleSinkServer sink = null;
    try {
      String bootstrap = settings.kafka();
      if (bootstrap == null) {
        broker = new EmbeddedKafkaBroker(portIfFree(9092), null);
        broker.start();
        bootstrap = broker.bootstrapServers();
      }
      Topics t = settings.topics();
      TopicProvisioner.ensureTopics(
          bootstrap,
          List.of(t.audio(), t.sessionEvents(), t.segments(), t.deadLetters()),
          PARTITIONS,
          Duration.ofSeconds(60));
      job = startJob(settings, bootstrap);
      sink =
          new SubtitleSinkServer(
                  SinkConfig.fromEnvironment(System.getenv())
                      .withKafka(bootstrap, t)
                      .withPort(settings.sinkPort())
                      .withAccess(settings.subscribeTokens(), settings.openAccess()))
              .start();
      return new LocalStack(broker, bootstrap, job, sink);
    } catch (Exception | Error e) {
      new LocalStack(broker, null, job, sink).close();
      throw e;
    }
  }

  private static JobClient startJob(Settings settings, String bootstrap) throws Exception {
    JobConfig config =
        JobConfig.fromEnvironment(System.getenv())
            .withKafka(bootstrap, settings.topics(), "captionflow-job-" + settings.topics().audio())
            .withModels(settings.models())
            .withCheckpointInterval(settings.checkpointInterval())
            .withParallelism(1);
    StreamExecutionEnvironment env;
    if (settings.flink() != null) {
      env = remoteEnvironment(settings.flink(), settings.jobJar());
    } else {
      Configuration conf = new Configuration();
      if (settings.dashboard() != null) {
        env =
            StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                settings.dashboard().applyTo(conf));
      } else {
        env = StreamExecutionEnvironment.createLocalEnvironment(conf);
      }
    }
    JobClient client = CaptionFlowJob.overKafka(config).start(env);
    LOG.info(
        "job {} submitted ({})",
        client.getJobID(),
        settings.flink() == null ? "local Flink cluster" : settings.flink());
    return client;
  }

  /**
   * An environment that submits to the Flink cluster whose REST endpoint is {@code flink}
   * (HOST:PORT), shipping {@code jobJar}.
   */
  public static StreamExecutionEnvironment remoteEnvironment(String flink, Path jobJar) {
    String[] hostPort = flink.split(":");
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--flink must be HOST:PORT, got '" + flink + "'");
    }
    if (jobJar == null || !java.nio.file.Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(
          "submitting to "
              + flink
              + " needs the job jar: build it with "
              + "'mvn -B -pl flink-job -am package -DskipTests' or pass --job-jar");
    }
    return StreamExecutionEnvironment.createRemoteEnvironment(
        hostPort[0], Integer.parseInt(hostPort[1]), jobJar.toString());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public SubtitleSinkServer sink() {
    return sink;
  }

  public JobClient job() {
    return job;
  }

  @Override
  public void close() {
    if (sink != null) {
      try {
        sink.close();
      } catch (Exception e) {
        LOG.warn("stopping the subtitle sink: {}", e.getMessage());
      }
    }
    if (job != null) {
      try {
        job.cancel().get();
      } catch (Exception e) {
        LOG.warn("cancelling the job: {}", e.getMessage());
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  /** The conventional port when it is free, so URLs in docs work; any free port otherwise. */
  static int portIfFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return port;
    } catch (Exception busy) {
      return 0;
    }
  }
}
