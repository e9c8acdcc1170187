package io.captionflow.asr.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Builds small {@code .tar.bz2} archives in memory for tests. */
public final class TarBz2Archives {

  /** A file ({@code content} set), a directory or a symbolic link to {@code linkTarget}. */
  public record Entry(String name, byte[] content, String linkTarget) {

    public static Entry file(String name, byte[] content) {
      return new Entry(name, content, null);
    }

    public static Entry directory(String name) {
      return new Entry(name, null, null);
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, null, target);
    }
  }

  private TarBz2Archives() {}

  public static byte[] of(List<Entry> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new BZip2CompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry entry;
        if (e.linkTarget() != null) {
          entry = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName(e.linkTarget());
        } else {
          // keep a leading '/' so tests can build absolute entries
          entry = new TarArchiveEntry(e.content() == null ? e.name() + "/" : e.name(), true);
          entry.setSize(e.content() == null ? 0 : e.content().length);
        }
        tar.putArchiveEntry(entry);
        if (e.content() != null) {
          tar.write(e.content());
        }
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
