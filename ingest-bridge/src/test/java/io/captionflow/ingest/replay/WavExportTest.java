package io.captionflow.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.audio.PcmCodec;
import io.captionflow.audio.WavReader;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavExportTest {

  static AudioChunk chunk(long sequence, float value, int samples, AudioEncoding encoding) {
    float[] audio = new float[samples];
    Arrays.fill(audio, value);
    byte[] bytes =
        encoding == AudioEncoding.PCM16 ? PcmCodec.encodePcm16(audio) : PcmCodec.encodeF32(audio);
    return AudioChunk.newBuilder()
        .setSessionId("talk")
        .setSequence(sequence)
        .setSampleRate(16_000)
        .setEncoding(encoding)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(bytes))
        .setCaptureTimeMillis(0)
        .setEndOfStream(false)
        .build();
  }

  /**
   * The job's rule: a missing chunk is as long as the chunk before the gap (after it, at start).
   */
  @Test
  void missingChunksBecomeSilenceAsTheJobFillsThem(@TempDir Path dir) throws Exception {
    List<AudioChunk> chunks =
        List.of(
            chunk(2, 0.25f, 100, AudioEncoding.PCM16),
            chunk(3, 0.5f, 160, AudioEncoding.F32),
            chunk(6, -0.5f, 50, AudioEncoding.PCM16));
    Path wav = dir.resolve("talk.wav");
    assertEquals(200 + 100 + 160 + 320 + 50, WavExport.write(chunks, wav, 0));
    float[] read = WavReader.read(wav).samples();
    float[] expected = new float[830];
    float quarter = PcmCodec.decodePcm16(PcmCodec.encodePcm16(new float[] {0.25f}))[0];
    float half = PcmCodec.decodePcm16(PcmCodec.encodePcm16(new float[] {0.5f}))[0];
    float minusHalf = PcmCodec.decodePcm16(PcmCodec.encodePcm16(new float[] {-0.5f}))[0];
    Arrays.fill(expected, 200, 300, quarter); // chunks 0 and 1 missing: 2 x 100 samples of silence
    Arrays.fill(expected, 300, 460, half);
    Arrays.fill(expected, 780, 830, minusHalf); // chunks 4 and 5 missing: 2 x 160 samples
    assertArrayEquals(expected, read);
  }

  @Test
  void anExportFromLaterOnStartsAtItsFirstChunk(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("tail.wav");
    assertEquals(100, WavExport.write(List.of(chunk(7, 0.25f, 100, AudioEncoding.PCM16)), wav, 7));
    assertEquals(100, WavReader.read(wav).samples().length);
  }
}
