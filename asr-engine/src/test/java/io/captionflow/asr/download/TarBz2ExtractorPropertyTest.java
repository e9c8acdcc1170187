package io.captionflow.asr.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.download.TarBz2Archives.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the entry paths ("a", "b", ".", ".." in any order), unpacking writes nothing outside the
 * target: an archive with an escaping entry is refused and leaves no file, any other lands whole,
 * each file where its path says, less the single top directory.
 */
class TarBz2ExtractorPropertyTest {

  @Property(tries = 40)
  void nothingIsWrittenOutsideTheTarget(@ForAll("directoryPaths") List<List<String>> directories)
      throws IOException {
    Path sandbox = Files.createTempDirectory("tarbz2-property");
    try {
      List<Entry> entries = new ArrayList<>();
      Map<String, String> expected = new TreeMap<>(); // path under the target -> content
      boolean escapes = false;
      for (int i = 0; i < directories.size(); i++) {
        List<String> segments = new ArrayList<>(directories.get(i));
        segments.add("f" + i);
        entries.add(
            Entry.file(String.join("/", segments), ("file " + i).getBytes(StandardCharsets.UTF_8)));
        List<String> resolved = resolve(segments);
        escapes |= resolved == null;
        if (resolved != null) {
          expected.put(String.join("/", resolved), "file " + i);
        }
      }
      Path archive = Files.write(sandbox.resolve("m.tar.bz2"), TarBz2Archives.of(entries));
      // deep enough that every escape (at most 4 levels above the staging directory) stays in the
      // sandbox, where the test can see it
      Path target = sandbox.resolve("d1/d2/target");

      if (escapes) {
        assertThrows(
            UnsafeArchiveException.class,
            () -> TarBz2Extractor.extract(archive, "m.tar.bz2", target));
        assertEquals(List.of("m.tar.bz2"), files(sandbox));
      } else {
        TarBz2Extractor.extract(archive, "m.tar.bz2", target);
        Map<String, String> landed = withoutSingleTopDirectory(expected);
        List<String> expectedFiles = new ArrayList<>(List.of("m.tar.bz2"));
        landed.keySet().forEach(p -> expectedFiles.add("d1/d2/target/" + p));
        assertEquals(expectedFiles.stream().sorted().toList(), files(sandbox));
        for (Map.Entry<String, String> file : landed.entrySet()) {
          assertArrayEquals(
              file.getValue().getBytes(StandardCharsets.UTF_8),
              Files.readAllBytes(target.resolve(file.getKey())));
        }
      }
    } finally {
      TarBz2Extractor.deleteRecursively(sandbox);
    }
  }

  @Provide
  Arbitrary<List<List<String>>> directoryPaths() {
    return Arbitraries.of("a", "b", ".", "..").list().ofMaxSize(3).list().ofMinSize(1).ofMaxSize(4);
  }

  /** The path with "." and ".." applied, or null when it climbs above its start. */
  private static List<String> resolve(List<String> segments) {
    Deque<String> path = new ArrayDeque<>();
    for (String s : segments) {
      if (s.equals("..")) {
        if (path.isEmpty()) {
          return null;
        }
        path.removeLast();
      } else if (!s.equals(".")) {
        path.addLast(s);
      }
    }
    return List.copyOf(path);
  }

  private static Map<String, String> withoutSingleTopDirectory(Map<String, String> files) {
    boolean oneTopDirectory =
        files.keySet().stream().allMatch(p -> p.contains("/"))
            && files.keySet().stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().count()
                == 1;
    if (!oneTopDirectory) {
      return files;
    }
    return files.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> e.getKey().substring(e.getKey().indexOf('/') + 1),
                Map.Entry::getValue,
                (a, b) -> a,
                TreeMap::new));
  }

  /** The regular files under {@code root}, relative and sorted. */
  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
