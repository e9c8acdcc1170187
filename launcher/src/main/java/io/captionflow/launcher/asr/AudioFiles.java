package io.captionflow.launcher.asr;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Reads a WAV file as 16 kHz mono floats, resampling when needed. */
final class AudioFiles {

  private AudioFiles() {}

  /** The file's 16 kHz samples, or null after telling {@code err} why it cannot be read. */
  static float[] read16kOrExplain(Path file, PrintWriter err) {
    try {
      PcmAudio audio = WavReader.read(file);
      return audio.sampleRate() == 16_000
          ? audio.samples()
          : Resampler.resample(audio, 16_000).samples();
    } catch (IOException e) {
      err.println("error: cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }
}
