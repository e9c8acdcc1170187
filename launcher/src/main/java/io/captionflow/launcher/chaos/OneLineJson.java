package io.captionflow.launcher.chaos;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Chaos's stdout lines: one JSON object per line, spaced like {@code "lost": 0, "duplicated": 0}.
 */
final class OneLineJson extends MinimalPrettyPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OneLineJson() {}

  static String write(JsonNode tree) {
    try {
      return JSON.writer(new OneLineJson()).writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always writes", e);
    }
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
    g.writeRaw(", ");
  }

  @Override
  public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(", ");
  }
}
