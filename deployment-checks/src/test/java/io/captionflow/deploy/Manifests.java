package io.captionflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every Kubernetes object shipped under k8s/: the base manifests and the two FlinkDeployment
 * variants.
 */
final class Manifests {

  static final String BASE_DIR = "k8s/manifests";
  static final String FLINK_VARIANTS_DIR = "k8s/flink-variants";
  static final String NAMESPACE = "captionflow";

  /** One document of one file. */
  record Manifest(Path file, JsonNode node) {
    String apiVersion() {
      return node.path("apiVersion").asText();
    }

    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    <T> T as(Class<T> type) {
      return Yaml.bind(node, type);
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " in " + Repo.root().relativize(file);
    }
  }

  private Manifests() {}

  static List<Manifest> base() {
    return load(BASE_DIR);
  }

  static List<Manifest> flinkVariants() {
    return load(FLINK_VARIANTS_DIR);
  }

  static List<Manifest> all() {
    List<Manifest> all = new ArrayList<>(base());
    all.addAll(flinkVariants());
    return all;
  }

  static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  static Manifest one(List<Manifest> manifests, String kind, String name) {
    List<Manifest> found =
        manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + "/" + name + ", found " + found);
    }
    return found.get(0);
  }

  static Path variant(String fileName) {
    return Repo.file(FLINK_VARIANTS_DIR + "/" + fileName);
  }

  private static List<Manifest> load(String dir) {
    Path root = Repo.root().resolve(dir);
    try (Stream<Path> files = Files.walk(root)) {
      List<Manifest> out = new ArrayList<>();
      files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .forEach(file -> Yaml.documents(file).forEach(doc -> out.add(new Manifest(file, doc))));
      if (out.isEmpty()) {
        throw new AssertionError("no manifests under " + dir);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
