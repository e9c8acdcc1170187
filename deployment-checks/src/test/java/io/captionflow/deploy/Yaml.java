package io.captionflow.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** YAML documents as Jackson trees, and trees bound to typed models. */
final class Yaml {

  static final ObjectMapper MAPPER =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Yaml() {}

  /** Every non-empty document of a (possibly multi-document) YAML file. */
  static List<JsonNode> documents(Path file) {
    try (var parser = MAPPER.getFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      for (var it = MAPPER.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new AssertionError("invalid YAML in " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode single(Path file) {
    List<JsonNode> docs = documents(file);
    if (docs.size() != 1) {
      throw new AssertionError(file + " should hold one YAML document, has " + docs.size());
    }
    return docs.get(0);
  }

  static JsonNode parse(String yaml) {
    try {
      return MAPPER.readTree(yaml);
    } catch (IOException e) {
      throw new AssertionError("invalid YAML: " + e.getMessage() + "\n" + yaml, e);
    }
  }

  static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (IOException e) {
      throw new AssertionError(
          "does not bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
