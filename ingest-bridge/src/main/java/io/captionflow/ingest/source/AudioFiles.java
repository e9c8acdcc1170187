package io.captionflow.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens an audio file: WAV directly through audio-io, anything else through ffmpeg when it is
 * installed.
 */
public final class AudioFiles {

  private AudioFiles() {}

  public static AudioSource open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such audio file");
    }
    if (isRiffWave(path)) {
      return new WavFileSource(path);
    }
    if (!FfmpegSource.isInstalled()) {
      throw new IOException(
          path
              + " is not a WAV file, and ffmpeg (needed for other formats) is not installed;"
              + " install it (apt-get install ffmpeg) or convert the file: ffmpeg -i "
              + path.getFileName()
              + " -ar 16000 -ac 1 out.wav");
    }
    return new FfmpegSource(path);
  }

  private static boolean isRiffWave(Path path) throws IOException {
    byte[] head = new byte[12];
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(head, 0, 12);
      return n == 12
          && new String(head, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("RIFF")
          && new String(head, 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("WAVE");
    }
  }
}
