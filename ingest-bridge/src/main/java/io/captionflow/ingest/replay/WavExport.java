package io.captionflow.ingest.replay;

import io.captionflow.audio.PcmCodec;
import io.captionflow.audio.WavWriter;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.wire.AudioChunks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes recorded chunks to a mono PCM16 WAV file (F32 chunks are rounded to 16 bits, as the job's
 * ring holds them), with each missing stretch of chunks as silence the way the job fills it: as
 * many samples per missing chunk as the chunk before the gap had (the chunk after it, for a gap at
 * the start). So the file's timeline is the session's, word times included.
 */
public final class WavExport {

  private static final byte[] SILENCE = new byte[2 * AudioChunks.SAMPLE_RATE];

  private WavExport() {}

  /**
   * {@code firstSequence}: the sequence the export starts at (0 for a whole recording, whose first
   * chunks may be missing); returns the number of samples written.
   */
  public static long write(List<AudioChunk> chunks, Path path, long firstSequence)
      throws IOException {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("nothing to export: the recording has no chunks");
    }
    int rate = chunks.get(0).getSampleRate();
    long samples = 0;
    long next = firstSequence;
    int previousSamples = 0;
    try (WavWriter writer = WavWriter.open(path, rate)) {
      for (AudioChunk chunk : chunks) {
        if (chunk.getSampleRate() != rate || chunk.getChannels() != 1) {
          throw new IOException(
              "chunk "
                  + chunk.getSequence()
                  + " is "
                  + chunk.getSampleRate()
                  + " Hz x "
                  + chunk.getChannels()
                  + " channels; the recording started as "
                  + rate
                  + " Hz mono");
        }
        byte[] bytes = new byte[chunk.getPcm().remaining()];
        chunk.getPcm().duplicate().get(bytes);
        byte[] pcm16 =
            switch (chunk.getEncoding()) {
              case PCM16 -> bytes;
              case F32 -> PcmCodec.encodePcm16(PcmCodec.decodeF32(bytes));
            };
        if (chunk.getSequence() > next) {
          long missing =
              (chunk.getSequence() - next)
                  * (previousSamples > 0 ? previousSamples : pcm16.length / 2);
          for (long left = missing; left > 0; left -= SILENCE.length / 2) {
            writer.writePcm16(
                left >= SILENCE.length / 2 ? SILENCE : Arrays.copyOf(SILENCE, (int) left * 2));
          }
          samples += missing;
        }
        writer.writePcm16(pcm16);
        samples += pcm16.length / 2;
        previousSamples = pcm16.length / 2;
        next = chunk.getSequence() + 1;
      }
    }
    return samples;
  }
}
