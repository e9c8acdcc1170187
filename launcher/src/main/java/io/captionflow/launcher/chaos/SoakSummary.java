package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The last line a soak prints: its faults, what they cost in words, and every sample. */
final class SoakSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SoakSummary() {}

  static String json(double minutes, List<ChaosReport> rounds, List<SoakSample> samples) {
    ObjectNode n = JSON.createObjectNode();
    n.put("soakMinutes", minutes);
    n.put("faults", rounds.size());
    DeliveryCount total =
        rounds.stream().map(ChaosReport::count).reduce(DeliveryCount.ZERO, DeliveryCount::plus);
    n.put("wordsExpected", total.expected());
    n.put("wordsDelivered", total.delivered());
    n.put("lost", total.lost());
    n.put("duplicated", total.duplicated());
    n.put("unexpected", total.unexpected());
    ArrayNode rows = n.putArray("samples");
    for (SoakSample s : samples) {
      rows.addObject()
          .put("atSeconds", Math.round(s.atSeconds()))
          .put("round", s.scenario().id())
          .put("heapMb", s.heapMb())
          .put("stateBytes", s.stateBytes())
          .put("checkpointMillis", s.checkpointMillis())
          .put("kafkaLag", s.kafkaLag());
    }
    return OneLineJson.write(n);
  }
}
