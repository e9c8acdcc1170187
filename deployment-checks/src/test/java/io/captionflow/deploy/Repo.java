package io.captionflow.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The repository checkout under test and the build facts (version, dependency versions) from its
 * root POM.
 */
final class Repo {

  private static final Path ROOT = locateRoot();
  private static final Element ROOT_POM = parse(ROOT.resolve("pom.xml"));

  private Repo() {}

  static Path root() {
    return ROOT;
  }

  static Path file(String relative) {
    Path path = ROOT.resolve(relative);
    if (!Files.isRegularFile(path)) {
      throw new AssertionError("missing file " + relative + " (under " + ROOT + ")");
    }
    return path;
  }

  static String read(String relative) {
    try {
      return Files.readString(file(relative));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + relative, e);
    }
  }

  /** The Maven project version: every image tag and jar name must carry it. */
  static String version() {
    return childText(ROOT_POM, "version");
  }

  /** A property of the root POM, e.g. flink.version or kafka.version. */
  static String property(String name) {
    Element properties = child(ROOT_POM, "properties");
    String value = childText(properties, name);
    if (value == null) {
      throw new AssertionError("root pom.xml has no property " + name);
    }
    return value;
  }

  static Element pom(String relative) {
    return parse(file(relative));
  }

  static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String childText(Element parent, String name) {
    Element e = parent == null ? null : child(parent, name);
    return e == null ? null : e.getTextContent().trim();
  }

  private static Element parse(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(pom.toFile());
      return doc.getDocumentElement();
    } catch (Exception e) {
      throw new AssertionError("cannot parse " + pom, e);
    }
  }

  private static Path locateRoot() {
    String env = System.getenv("CAPTIONFLOW_REPO_ROOT");
    Path start = env != null ? Path.of(env) : Path.of("").toAbsolutePath();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("k8s"))) {
        return p;
      }
    }
    throw new IllegalStateException("repository root not found from " + start);
  }
}
