package io.captionflow.sink.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.captionflow.edge.server.Health;
import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import io.captionflow.sink.session.WireMessages;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sink's health probes. Readiness is up when Kafka answers; its body has lag, sessions and
 * fan-out counters. Liveness is up while the server answers at all, so a Kafka outage never
 * restarts the sink.
 */
final class SinkHealth {

  private final Supplier<ConsumerHealth> kafka;
  private final SessionRegistry registry;
  private final FanoutStats stats;

  SinkHealth(Supplier<ConsumerHealth> kafka, SessionRegistry registry, FanoutStats stats) {
    this.kafka = kafka;
    this.registry = registry;
    this.stats = stats;
  }

  Health readiness() {
    ConsumerHealth k = kafka.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", k.reachable() ? "UP" : "DOWN");
    body.put("kafka", k);
    body.put("sessions", registry.summaries().size());
    body.put("subscribers", registry.allSubscribers().size());
    body.put("messagesSent", stats.messagesSent());
    body.put("subscribersDroppedTooSlow", stats.subscribersDroppedTooSlow());
    body.put("subscribersReapedSilent", stats.subscribersReapedSilent());
    body.put("duplicatesDropped", registry.duplicatesDropped());
    return json(k.reachable(), body);
  }

  static Health liveness() {
    return json(true, Map.of("status", "UP"));
  }

  private static Health json(boolean healthy, Map<String, Object> body) {
    try {
      return Health.json(healthy, WireMessages.JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
