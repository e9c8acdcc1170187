package io.captionflow.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running in this JVM
 * from the Kafka jars: no Docker, no ZooKeeper. It can be stopped and started again on the same
 * port and log directory, which is how outage tests simulate a broker going away.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final Path logDir;
  private final boolean deleteOnClose;
  private final int brokerPort;
  private final int controllerPort;
  private boolean formatted;
  private KafkaRaftServer server;

  /**
   * A broker on {@code port} (0 = any free port) keeping its data in {@code logDir} (null = a
   * temporary directory).
   */
  public EmbeddedKafkaBroker(int port, Path logDir) {
    try {
      this.deleteOnClose = logDir == null;
      this.logDir =
          logDir != null
              ? Files.createDirectories(logDir)
              : Files.createTempDirectory("captionflow-kafka-");
      this.brokerPort = port != 0 ? port : freePort();
      this.controllerPort = freePort();
      this.formatted = Files.exists(this.logDir.resolve("meta.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EmbeddedKafkaBroker startOnAnyPort() {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(0, null);
    broker.start();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Starts the broker (formatting its storage the first time); returns once it serves clients. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    Properties props = brokerProperties();
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    if (!formatted) {
      format();
      formatted = true;
    }
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info(
        "Kafka broker (KRaft) serving on {} after {} ms, data in {}",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        logDir);
  }

  /** Stops the broker; data and port are kept so {@link #start()} brings the same broker back. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
    LOG.info("Kafka broker on {} stopped", bootstrapServers());
  }

  @Override
  public synchronized void close() {
    stop();
    if (deleteOnClose) {
      try (Stream<Path> paths = Files.walk(logDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        LOG.warn("could not delete {}: {}", logDir, e.getMessage());
      }
    }
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly and waited for (STACK-NOTES 3), never on first use.
    p.put("auto.create.topics.enable", "false");
    p.put("log.retention.hours", "-1");
    return p;
  }

  private void format() {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
