package io.captionflow.asr.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.download.TarBz2Archives.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarBz2ExtractorTest {

  @TempDir Path sandbox;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Path archive(Entry... entries) throws IOException {
    return Files.write(sandbox.resolve("m.tar.bz2"), TarBz2Archives.of(List.of(entries)));
  }

  /** Every path under {@code root}, relative and sorted, directories included. */
  static List<String> tree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void dropsTheSingleTopDirectory() throws IOException {
    Path archive =
        archive(
            Entry.directory("model"),
            Entry.file("model/encoder.onnx", bytes("enc")),
            Entry.file("model/tokens.txt", bytes("<blk> 0\n")),
            Entry.file("model/test_wavs/0.wav", bytes("wav")));
    Path target = sandbox.resolve("out");

    List<String> names = TarBz2Extractor.extract(archive, "m.tar.bz2", target);

    assertEquals(List.of("encoder.onnx", "test_wavs", "tokens.txt"), names);
    assertEquals(
        List.of("encoder.onnx", "test_wavs", "test_wavs/0.wav", "tokens.txt"), tree(target));
    assertArrayEquals(bytes("enc"), Files.readAllBytes(target.resolve("encoder.onnx")));
    assertArrayEquals(bytes("wav"), Files.readAllBytes(target.resolve("test_wavs/0.wav")));
  }

  @Test
  void keepsTheLayoutWhenThereIsNoSingleTopDirectory() throws IOException {
    Path archive = archive(Entry.file("a.txt", bytes("a")), Entry.file("b/c.txt", bytes("c")));
    Path target = sandbox.resolve("out");

    assertEquals(List.of("a.txt", "b"), TarBz2Extractor.extract(archive, "m.tar.bz2", target));
    assertEquals(List.of("a.txt", "b", "b/c.txt"), tree(target));
  }

  @Test
  void replacesWhatTheArchiveHoldsAndKeepsTheRest() throws IOException {
    Path target = Files.createDirectories(sandbox.resolve("out"));
    Files.write(target.resolve("tokens.txt"), bytes("old"));
    Files.createDirectories(target.resolve("test_wavs"));
    Files.write(target.resolve("test_wavs/stale.wav"), bytes("stale"));
    Files.write(target.resolve("m.tar.bz2.part"), bytes("kept"));
    Path archive =
        archive(
            Entry.file("m/tokens.txt", bytes("new")), Entry.file("m/test_wavs/0.wav", bytes("w")));

    TarBz2Extractor.extract(archive, "m.tar.bz2", target);

    assertEquals(
        List.of("m.tar.bz2.part", "test_wavs", "test_wavs/0.wav", "tokens.txt"), tree(target));
    assertArrayEquals(bytes("new"), Files.readAllBytes(target.resolve("tokens.txt")));
  }

  @Test
  void refusesAnEntryThatClimbsOutAndUnpacksNothing() throws IOException {
    Path archive =
        archive(Entry.file("m/tokens.txt", bytes("t")), Entry.file("m/../../evil.txt", bytes("x")));
    Path target = sandbox.resolve("out");

    UnsafeArchiveException e =
        assertThrows(
            UnsafeArchiveException.class,
            () -> TarBz2Extractor.extract(archive, "m.tar.bz2", target));

    assertEquals(
        "m.tar.bz2: entry 'm/../../evil.txt' would be written outside "
            + target
            + "; refused, nothing unpacked",
        e.getMessage());
    assertEquals(List.of("m.tar.bz2", "out"), tree(sandbox));
  }

  @Test
  void refusesAnAbsoluteEntry() throws IOException {
    Path archive = archive(Entry.file(sandbox.resolve("evil.txt").toString(), bytes("x")));
    Path target = sandbox.resolve("out");

    UnsafeArchiveException e =
        assertThrows(
            UnsafeArchiveException.class,
            () -> TarBz2Extractor.extract(archive, "m.tar.bz2", target));

    assertEquals(
        "m.tar.bz2: entry '"
            + sandbox.resolve("evil.txt")
            + "' would be written outside "
            + target
            + "; refused, nothing unpacked",
        e.getMessage());
    assertEquals(List.of("m.tar.bz2", "out"), tree(sandbox));
  }

  @Test
  void refusesALink() throws IOException {
    Path archive =
        archive(Entry.symlink("m/escape", "/etc"), Entry.file("m/escape/passwd", bytes("x")));
    Path target = sandbox.resolve("out");

    UnsafeArchiveException e =
        assertThrows(
            UnsafeArchiveException.class,
            () -> TarBz2Extractor.extract(archive, "m.tar.bz2", target));

    assertEquals(
        "m.tar.bz2: entry 'm/escape' is a link; refused, nothing unpacked", e.getMessage());
    assertEquals(List.of("m.tar.bz2", "out"), tree(sandbox));
  }
}
