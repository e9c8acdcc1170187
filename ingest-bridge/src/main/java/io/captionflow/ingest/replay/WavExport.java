package io.captionflow.ingest.replay;

import io.captionflow.audio.PcmCodec;
import io.captionflow.audio.WavWriter;
import io.captionflow.schema.AudioChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes recorded chunks to a mono PCM16 WAV file (F32 chunks are converted). */
public final class WavExport {

  private WavExport() {}

  /** Returns the number of samples written. */
  public static long write(List<AudioChunk> chunks, Path path) throws IOException {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("nothing to export: the recording has no chunks");
    }
    int rate = chunks.get(0).getSampleRate();
    long samples = 0;
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
        writer.writePcm16(pcm16);
        samples += pcm16.length / 2;
      }
    }
    return samples;
  }
}
