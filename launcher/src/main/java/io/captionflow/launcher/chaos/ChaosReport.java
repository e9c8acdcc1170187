package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one chaos run, printed as one JSON object.
 *
 * @param count every subscriber's words against its session's, summed
 * @param recoverySeconds the longest any word waited because of the fault: from the later of the
 *     fault and the end of the word's audio to its arrival at a subscriber (so it includes a word's
 *     normal latency; the {@code none} run measures that alone); null when no word arrived after
 *     the fault
 * @param audioDroppedSeconds audio the room clients could not keep while the bridge was away
 * @param jobManagerHa how a killed job manager finds its job again ({@code zookeeper}), or null
 */
record ChaosReport(
    Scenario scenario,
    int sessions,
    double audioSeconds,
    DeliveryCount count,
    Double recoverySeconds,
    double audioDroppedSeconds,
    String jobManagerHa,
    String logs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  boolean passed() {
    return count.exact();
  }

  String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("scenario", scenario.id());
    n.put("sessions", sessions);
    n.put("wordsExpected", count.expected());
    n.put("wordsDelivered", count.delivered());
    n.put("lost", count.lost());
    n.put("duplicated", count.duplicated());
    if (recoverySeconds == null) {
      n.putNull("recoverySeconds");
    } else {
      n.put("recoverySeconds", Math.round(recoverySeconds * 10) / 10.0);
    }
    n.put("unexpected", count.unexpected());
    n.put("audioSeconds", audioSeconds);
    n.put("audioDroppedSeconds", audioDroppedSeconds);
    n.put("fault", scenario.fault());
    if (jobManagerHa != null) {
      n.put("jobManagerHa", jobManagerHa);
    }
    n.put("logs", logs);
    return OneLineJson.write(n);
  }
}
