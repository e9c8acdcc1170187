package io.captionflow.testsupport;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers standing in for a stage that writes a topic: acknowledged by all replicas, no linger.
 */
public final class TestProducers {

  private TestProducers() {}

  /** Raw keys and values, e.g. records already encoded as a stage encodes them. */
  public static KafkaProducer<byte[], byte[]> raw(String bootstrap) {
    return new KafkaProducer<>(
        config(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** String keys (the session id), raw values. */
  public static KafkaProducer<String, byte[]> keyed(String bootstrap) {
    return new KafkaProducer<>(
        config(bootstrap), new StringSerializer(), new ByteArraySerializer());
  }

  private static Properties config(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }
}
