package io.captionflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural validation of a custom resource against the openAPIV3Schema of its published CRD:
 * unknown fields, types, enums, required fields, the way `kubectl apply --validate=strict` would
 * judge them.
 */
final class CrdSchema {

  private final String name;
  private final JsonNode schema;
  private final Map<String, Set<String>> extraEnumValues;

  private CrdSchema(String name, JsonNode schema, Map<String, Set<String>> extraEnumValues) {
    this.name = name;
    this.schema = schema;
    this.extraEnumValues = extraEnumValues;
  }

  /**
   * The schema of one version of a CRD YAML found on the test classpath (e.g. inside a published
   * jar).
   */
  static CrdSchema fromClasspath(String resource, String version) {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("CRD " + resource + " not on the test classpath");
      }
      JsonNode crd = Yaml.MAPPER.readTree(in);
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(version)) {
          return of(resource + "@" + version, v.path("schema").path("openAPIV3Schema"));
        }
      }
      throw new AssertionError("CRD " + resource + " has no version " + version);
    } catch (IOException e) {
      throw new AssertionError("cannot read CRD " + resource, e);
    }
  }

  static CrdSchema of(String name, JsonNode openApiV3Schema) {
    return new CrdSchema(name, openApiV3Schema, Map.of());
  }

  /**
   * Accept enum values a newer operator release added at the given dotted path (e.g.
   * spec.flinkVersion).
   */
  CrdSchema allowingEnumValues(String path, String... values) {
    Map<String, Set<String>> extra = new HashMap<>(extraEnumValues);
    extra.put(path, Set.of(values));
    return new CrdSchema(name, schema, extra);
  }

  /** Every violation, each naming the path; empty when the resource conforms. */
  List<String> violations(JsonNode resource) {
    List<String> out = new ArrayList<>();
    check(resource, schema, "", out);
    return out;
  }

  private void check(JsonNode node, JsonNode s, String path, List<String> out) {
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!node.isIntegralNumber() && !node.isTextual()) {
        out.add(at(path) + ": expected integer or string, got " + node.getNodeType());
      }
      return;
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(node, s, path, out);
      case "array" -> {
        if (!node.isArray()) {
          out.add(at(path) + ": expected array, got " + node.getNodeType());
          return;
        }
        for (int i = 0; i < node.size(); i++) {
          check(node.get(i), s.path("items"), path + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!node.isTextual()) {
          out.add(at(path) + ": expected string, got " + node.getNodeType() + " " + node);
        }
      }
      case "integer" -> {
        if (!node.isIntegralNumber()) {
          out.add(at(path) + ": expected integer, got " + node.getNodeType() + " " + node);
        }
      }
      case "number" -> {
        if (!node.isNumber()) {
          out.add(at(path) + ": expected number, got " + node.getNodeType() + " " + node);
        }
      }
      case "boolean" -> {
        if (!node.isBoolean()) {
          out.add(at(path) + ": expected boolean, got " + node.getNodeType() + " " + node);
        }
      }
      default -> {
        if (!s.has("properties")) {
          return; // untyped (x-kubernetes-preserve-unknown-fields): anything goes
        }
        checkObject(node, s, path, out);
      }
    }
    if (s.has("enum") && node.isValueNode()) {
      boolean listed = false;
      for (JsonNode allowed : s.get("enum")) {
        listed |= allowed.asText().equals(node.asText());
      }
      listed |= extraEnumValues.getOrDefault(path, Set.of()).contains(node.asText());
      if (!listed) {
        out.add(at(path) + ": '" + node.asText() + "' is not one of " + s.get("enum"));
      }
    }
  }

  private void checkObject(JsonNode node, JsonNode s, String path, List<String> out) {
    if (!node.isObject()) {
      out.add(at(path) + ": expected object, got " + node.getNodeType());
      return;
    }
    JsonNode properties = s.path("properties");
    JsonNode additional = s.path("additionalProperties");
    boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), childPath, out);
      } else if (additional.isObject()) {
        check(field.getValue(), additional, childPath, out);
      } else if (!preserveUnknown
          && !additional.asBoolean(false)
          && !isTypeMeta(path, field.getKey())) {
        out.add(at(childPath) + ": unknown field");
      }
    }
    for (JsonNode required : s.path("required")) {
      if (!node.has(required.asText())) {
        out.add(at(path) + ": missing required field " + required.asText());
      }
    }
  }

  /**
   * apiVersion/kind/metadata are validated by the API server itself and are often absent from CRD
   * schemas.
   */
  private static boolean isTypeMeta(String path, String field) {
    return path.isEmpty() && Set.of("apiVersion", "kind", "metadata").contains(field);
  }

  private String at(String path) {
    return name + " " + (path.isEmpty() ? "<root>" : path);
  }
}
