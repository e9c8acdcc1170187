package io.captionflow.testsupport;

import io.captionflow.kafka.EmbeddedKafkaBroker;
import io.captionflow.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker for tests: Testcontainers' Kafka module where a Docker engine answers, the
 * in-process KRaft broker otherwise. Same test code either way, chosen at run time.
 */
public final class TestKafka {

  private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);
  private static final String IMAGE = "apache/kafka:4.2.0";
  private static Broker shared;

  /** A broker that can be stopped and started again (same address), for outage tests. */
  public interface Broker extends AutoCloseable {
    String bootstrapServers();

    void stop();

    void start();

    @Override
    void close();

    default void createTopics(List<String> names, int partitions) {
      TopicProvisioner.ensureTopics(bootstrapServers(), names, partitions, Duration.ofSeconds(30));
    }
  }

  private TestKafka() {}

  /**
   * One broker for the whole test JVM, shut down when the JVM exits. Tests use unique topic names.
   */
  public static synchronized Broker shared() {
    if (shared == null) {
      shared = dedicated();
      Broker broker = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
    }
    return shared;
  }

  /** A fresh broker that the caller owns (and may stop and restart). */
  public static Broker dedicated() {
    if (dockerAnswers()) {
      LOG.info("Docker answers: Kafka from Testcontainers ({})", IMAGE);
      return new ContainerBroker();
    }
    LOG.info("no Docker engine: in-process KRaft Kafka broker");
    EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.startOnAnyPort();
    return new Broker() {
      public String bootstrapServers() {
        return embedded.bootstrapServers();
      }

      public void stop() {
        embedded.stop();
      }

      public void start() {
        embedded.start();
      }

      public void close() {
        embedded.close();
      }
    };
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static final class ContainerBroker implements Broker {
    private final KafkaContainer container = new KafkaContainer(IMAGE);

    ContainerBroker() {
      container.start();
    }

    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    // Pausing keeps the mapped port, so clients see the same broker come back.
    public void stop() {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    public void start() {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    public void close() {
      container.stop();
    }
  }
}
