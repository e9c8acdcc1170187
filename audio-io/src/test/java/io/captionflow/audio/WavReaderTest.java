package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {

  @TempDir Path dir;

  @Test
  void readsRealEightKilohertzRecordingSampleForSample() throws IOException {
    Path path = TestWavs.speech("8k.wav");
    PcmAudio audio = WavReader.read(path);
    byte[] file = Files.readAllBytes(path);
    assertEquals(8000, audio.sampleRate());
    // 8k.wav is a canonical 44-byte-header PCM16 file: its samples are the bytes after the header
    float[] expected = PcmCodec.decodePcm16(file, 44, file.length - 44);
    assertArrayEquals(expected, audio.samples());
    assertEquals(4.8, audio.durationSeconds(), 0.1);
  }

  @Test
  void readsPcm16Pcm24Pcm32AndEightBit() throws IOException {
    PcmAudio s16 = read(TestWavs.wav(1, 1, 16000, 16, TestWavs.le(2, 0, 16384, -32768, 32767)));
    assertArrayEquals(new float[] {0f, 0.5f, -1f, 32767f / 32768f}, s16.samples());

    PcmAudio s24 =
        read(TestWavs.wav(1, 1, 48000, 24, TestWavs.le(3, 0x400000, -0x800000, -0x200000)));
    assertArrayEquals(new float[] {0.5f, -1f, -0.25f}, s24.samples());
    assertEquals(48000, s24.sampleRate());

    PcmAudio s32 = read(TestWavs.wav(1, 1, 44100, 32, TestWavs.le(4, 0x40000000, -0x80000000L)));
    assertArrayEquals(new float[] {0.5f, -1f}, s32.samples());

    PcmAudio u8 = read(TestWavs.wav(1, 1, 8000, 8, new byte[] {(byte) 128, (byte) 192, 0}));
    assertArrayEquals(new float[] {0f, 0.5f, -1f}, u8.samples());
  }

  @Test
  void readsFloat32AndFloat64() throws IOException {
    PcmAudio f32 = read(TestWavs.wav(3, 1, 22050, 32, TestWavs.f32(0.25f, -0.75f, 1f)));
    assertArrayEquals(new float[] {0.25f, -0.75f, 1f}, f32.samples());
    assertEquals(22050, f32.sampleRate());

    byte[] f64 = TestWavs.le(8, Double.doubleToLongBits(0.125), Double.doubleToLongBits(-0.5));
    assertArrayEquals(
        new float[] {0.125f, -0.5f}, read(TestWavs.wav(3, 1, 24000, 64, f64)).samples());
  }

  @Test
  void downmixesStereoAndMultiChannelByAveraging() throws IOException {
    // frames: (L=0.5, R=-0.5), (L=1.0 -> 32767, R=0)
    PcmAudio stereo = read(TestWavs.wav(1, 2, 16000, 16, TestWavs.le(2, 16384, -16384, 16384, 0)));
    assertArrayEquals(new float[] {0f, 0.25f}, stereo.samples());

    PcmAudio six =
        read(TestWavs.extensible(3, 6, 48000, 32, TestWavs.f32(0.6f, 0.6f, 0.6f, 0f, 0f, 0f)));
    assertEquals(1, six.samples().length);
    assertEquals(0.3f, six.samples()[0], 1e-6f);
  }

  @Test
  void readsWaveFormatExtensiblePcmAndSkipsUnknownChunks() throws IOException {
    PcmAudio audio = read(TestWavs.extensible(1, 1, 16000, 16, TestWavs.le(2, 8192, -8192)));
    assertArrayEquals(new float[] {0.25f, -0.25f}, audio.samples());
  }

  @Test
  void reportsWhereTheSamplesStart() throws IOException {
    try (WavReader plain =
        WavReader.open(new ByteArrayInputStream(TestWavs.wav(1, 1, 16000, 16, new byte[6])))) {
      assertEquals(44, plain.dataOffset());
      assertEquals(6, plain.declaredDataBytes());
    }
    // 12 RIFF + 8+40 fmt + 8+3+1 LIST (padded) + 8 data header
    byte[] ext = TestWavs.extensible(1, 1, 16000, 16, new byte[4]);
    try (WavReader extensible = WavReader.open(new ByteArrayInputStream(ext))) {
      assertEquals(80, extensible.dataOffset());
      assertEquals(ext.length - 4, extensible.dataOffset());
    }
  }

  @Test
  void streamedWavWithUnknownLengthReadsToEndOfStream() throws IOException {
    byte[] wav = TestWavs.wav(1, 1, 16000, 16, TestWavs.le(2, 1, 2, 3), 0xFFFFFFFFL);
    try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
      assertEquals(-1, reader.declaredFrames());
      float[] out = new float[10];
      assertEquals(3, reader.read(out, 0, 10));
      assertEquals(-1, reader.read(out, 0, 10));
    }
  }

  @Test
  void streamsInBlocksWithTheSameResultAsWholeRead() throws IOException {
    Path path = TestWavs.speech("8k.wav");
    float[] whole = WavReader.read(path).samples();
    float[] streamed = new float[whole.length];
    int n = 0;
    try (WavReader reader = WavReader.open(Files.newInputStream(path))) {
      assertEquals(whole.length, reader.declaredFrames());
      int got;
      while ((got = reader.read(streamed, n, Math.min(333, streamed.length - n))) > 0) {
        n += got;
      }
    }
    assertEquals(whole.length, n);
    assertArrayEquals(whole, streamed);
  }

  @Test
  void rejectsWhatItCannotReadWithAMessageNamingTheProblem() {
    assertError("not a WAV file", "OggS....abcdefgh".getBytes());
    assertError("empty input", new byte[0]);
    assertError("Microsoft ADPCM (format tag 0x0002)", TestWavs.wav(2, 1, 16000, 4, new byte[8]));
    assertError("mu-law", TestWavs.wav(7, 1, 8000, 8, new byte[8]));
    assertError("unsupported PCM bit depth 12", TestWavs.wav(1, 1, 16000, 12, new byte[8]));
    assertError("absurd sample rate 0 Hz", TestWavs.wav(1, 1, 0, 16, new byte[8]));
    assertError(
        "absurd sample rate 2000000000 Hz", TestWavs.wav(1, 1, 2_000_000_000, 16, new byte[8]));
    assertError("invalid channel count 0", TestWavs.wav(1, 0, 16000, 16, new byte[8]));
    assertError(
        "'data' chunk declares 1000 bytes but the stream ends after",
        TestWavs.wav(1, 1, 16000, 16, new byte[100], 1000));
    assertError("unsupported WAV container 'RIFX'", "RIFX\0\0\0\0WAVE".getBytes());
    assertError(
        "'data' chunk appears before the 'fmt ' chunk",
        TestWavs.riff(TestWavs.chunk("data", new byte[4], 4)));
    assertError("stream ends while reading the 'fmt ' chunk", TestWavs.riff());
    byte[] full = TestWavs.wav(1, 1, 16000, 16, new byte[4]);
    assertError("stream ends while reading the 'fmt ' chunk body", Arrays.copyOf(full, 24));
  }

  @Test
  void aHugeDeclaredSizeIsNotTrustedForAllocation() {
    // declares ~4 GiB of data but holds 8 bytes: a clear truncation error, not an OutOfMemoryError
    assertError(
        "'data' chunk declares 4294967294 bytes but the stream ends after 8",
        TestWavs.wav(1, 1, 16000, 16, new byte[8], 0xFFFFFFFEL));
  }

  @Test
  void oneReadBuffersAtMost64KibOfSampleDataHoweverManyFramesAreAskedFor() throws IOException {
    // 64 channels x 64-bit float = 512-byte frames: a declared length must not size the buffer
    byte[] wav = TestWavs.wav(3, 64, 16000, 64, new byte[200 * 512]);
    try (WavReader reader = WavReader.open(new ByteArrayInputStream(wav))) {
      float[] out = new float[200];
      assertEquals(128, reader.read(out, 0, 200));
      assertEquals(72, reader.read(out, 128, 72));
      assertEquals(-1, reader.read(out, 0, 200));
    }
  }

  @Test
  void namesTheFileInErrors() throws IOException {
    Path bad = dir.resolve("bad.wav");
    Files.write(bad, TestWavs.wav(2, 1, 16000, 4, new byte[8]));
    WavFormatException e = assertThrows(WavFormatException.class, () -> WavReader.read(bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
  }

  private static PcmAudio read(byte[] wav) throws IOException {
    return WavReader.read(new ByteArrayInputStream(wav));
  }

  private static void assertError(String expected, byte[] wav) {
    WavFormatException e = assertThrows(WavFormatException.class, () -> read(wav));
    assertTrue(
        e.getMessage().contains(expected),
        () -> "expected '" + expected + "' in: " + e.getMessage());
  }
}
