package io.captionflow.launcher;

import io.captionflow.audio.PcmCodec;
import io.captionflow.ingest.source.AudioSource;
import io.captionflow.ingest.source.RawPcmSource;
import io.captionflow.ingest.source.SampleFormat;
import java.io.ByteArrayInputStream;

/**
 * Audio already in memory (synthesised fixture speech), read by the bridge like a raw float pipe.
 */
final class SamplesSource {

  private SamplesSource() {}

  static AudioSource of(float[] samples, int sampleRate, String description) {
    return new RawPcmSource(
        new ByteArrayInputStream(PcmCodec.encodeF32(samples)),
        SampleFormat.F32LE,
        sampleRate,
        1,
        description);
  }
}
