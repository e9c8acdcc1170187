package io.captionflow.inference.cli;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a WAV file as 16 kHz mono floats, resampling when needed. */
final class AudioFiles {

  private AudioFiles() {}

  static float[] read16k(Path file) throws IOException {
    PcmAudio audio = WavReader.read(file);
    return audio.sampleRate() == 16_000 ? audio.samples() : Resampler.resample(audio, 16_000).samples();
  }
}
