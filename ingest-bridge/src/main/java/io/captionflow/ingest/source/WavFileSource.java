package io.captionflow.ingest.source;

import io.captionflow.audio.WavFormatException;
import io.captionflow.audio.WavReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A WAV file streamed through audio-io's {@link WavReader} (multi-channel downmixed to mono). A
 * file shorter than its header declares is refused when opened, before anything of it is published.
 */
public final class WavFileSource implements AudioSource {

  private final WavReader reader;
  private final String description;

  public WavFileSource(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      this.reader = WavReader.open(in);
    } catch (WavFormatException e) {
      in.close();
      throw new WavFormatException(path + ": " + e.getMessage());
    }
    long missing =
        reader.declaredDataBytes() < 0
            ? 0
            : reader.dataOffset() + reader.declaredDataBytes() - Files.size(path);
    if (missing > 0) {
      reader.close();
      throw new WavFormatException(
          path
              + ": WAV data is truncated: the 'data' chunk declares "
              + reader.declaredDataBytes()
              + " bytes but the file ends "
              + missing
              + " bytes short");
    }
    this.description = "file:" + path.getFileName();
  }

  @Override
  public int sampleRate() {
    return reader.format().sampleRate();
  }

  @Override
  public int read(float[] dst) throws IOException {
    return reader.read(dst, 0, dst.length);
  }

  @Override
  public double durationSeconds() {
    long frames = reader.declaredFrames();
    return frames < 0 ? Double.NaN : (double) frames / sampleRate();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
