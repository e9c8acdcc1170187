package io.captionflow.asr.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Unpacks a {@code .tar.bz2} into a directory without the archive's single top directory
 * (sherpa-onnx archives hold {@code NAME/encoder.onnx …}). Everything is unpacked into a hidden
 * staging directory first and moved into place only when the whole archive was read, so a refused
 * or broken archive leaves nothing behind. Entries whose path leaves the target ("zip slip"), links
 * and special files are refused.
 */
public final class TarBz2Extractor {

  private TarBz2Extractor() {}

  /**
   * Unpacks {@code archive} into {@code target}, replacing files and directories of the same names.
   *
   * @param name what messages call the archive (it may be unpacked from its {@code .part})
   * @return the names now in {@code target} that came from the archive, sorted
   * @throws UnsafeArchiveException when an entry would leave {@code target} or is a link or special
   *     file; nothing is unpacked then
   */
  public static List<String> extract(Path archive, String name, Path target) throws IOException {
    Files.createDirectories(target);
    Path staging = target.resolve(".unpacking-" + name);
    deleteRecursively(staging);
    try {
      Files.createDirectories(staging);
      unpack(archive, name, staging, target);
      Path root = contentRoot(staging, name);
      List<Path> children;
      try (Stream<Path> list = Files.list(root)) {
        children = list.sorted().toList();
      }
      for (Path child : children) {
        Path destination = target.resolve(child.getFileName().toString());
        deleteRecursively(destination);
        Files.move(child, destination, StandardCopyOption.ATOMIC_MOVE);
      }
      return children.stream().map(c -> c.getFileName().toString()).toList();
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void unpack(Path archive, String archiveName, Path staging, Path target)
      throws IOException {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new BZip2CompressorInputStream(file, true))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String name = entry.getName();
        Path out = staging.resolve(name).normalize();
        boolean inside = out.startsWith(staging) && (entry.isDirectory() || !out.equals(staging));
        if (!inside || Path.of(name).isAbsolute()) {
          throw new UnsafeArchiveException(
              archiveName
                  + ": entry '"
                  + name
                  + "' would be written outside "
                  + target
                  + "; refused, nothing unpacked");
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
          // a link followed by a write through it is the other way out of the target
          throw new UnsafeArchiveException(
              archiveName + ": entry '" + name + "' is a link; refused, nothing unpacked");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else if (entry.isFile()) {
          Files.createDirectories(out.getParent());
          Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
        } else {
          throw new UnsafeArchiveException(
              archiveName
                  + ": entry '"
                  + name
                  + "' is neither a file nor a directory; refused, nothing unpacked");
        }
      }
    }
  }

  /** The archive's single top directory, or the staging directory when there is none. */
  private static Path contentRoot(Path staging, String archiveName) throws IOException {
    List<Path> top;
    try (Stream<Path> list = Files.list(staging)) {
      top = list.toList();
    }
    if (top.isEmpty()) {
      throw new IOException(archiveName + ": the archive holds no files");
    }
    return top.size() == 1 && Files.isDirectory(top.get(0)) ? top.get(0) : staging;
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
