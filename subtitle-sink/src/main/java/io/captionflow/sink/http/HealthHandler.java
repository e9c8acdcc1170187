package io.captionflow.sink.http;

import io.captionflow.sink.consume.ConsumerHealth;
import io.captionflow.sink.fanout.FanoutStats;
import io.captionflow.sink.session.SessionRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health} is readiness: 200 when Kafka answers, 503 otherwise; body has lag, sessions
 * and fan-out counters. {@code GET /health/live} is liveness: 200 while the server answers at all,
 * so a Kafka outage never restarts the sink.
 */
final class HealthHandler extends Handler.Abstract.NonBlocking {

  static final String READINESS_PATH = "/health";
  static final String LIVENESS_PATH = "/health/live";

  private final Supplier<ConsumerHealth> kafka;
  private final SessionRegistry registry;
  private final FanoutStats stats;

  HealthHandler(Supplier<ConsumerHealth> kafka, SessionRegistry registry, FanoutStats stats) {
    this.kafka = kafka;
    this.registry = registry;
    this.stats = stats;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (request.getHttpURI().getDecodedPath().equals(LIVENESS_PATH)) {
      Responses.json(response, callback, 200, Map.of("status", "UP"));
      return true;
    }
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
    Responses.json(response, callback, k.reachable() ? 200 : 503, body);
    return true;
  }
}
