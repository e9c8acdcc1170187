package io.captionflow.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

  @TempDir Path dir;

  @Test
  void writtenFileReadsBackExactlyAndIsByteIdenticalToTheSourceRecording() throws IOException {
    Path source = TestWavs.speech("8k.wav");
    PcmAudio audio = WavReader.read(source);
    Path out = dir.resolve("copy.wav");
    WavWriter.write(out, audio);
    PcmAudio back = WavReader.read(out);
    assertEquals(8000, back.sampleRate());
    assertArrayEquals(audio.samples(), back.samples());
    // the source is a canonical 44-byte-header PCM16 mono file, so the copy must equal it byte for
    // byte
    assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
    assertArrayEquals(Files.readAllBytes(out), WavWriter.toBytes(audio));
  }

  @Test
  void incrementalWritesPatchTheHeaderOnClose() throws IOException {
    Path out = dir.resolve("inc.wav");
    try (WavWriter writer = WavWriter.open(out, 16000)) {
      writer.write(new float[] {0.5f, -0.5f}, 0, 2);
      writer.writePcm16(PcmCodec.encodePcm16(new float[] {0.25f}));
    }
    assertEquals(44 + 6, Files.size(out));
    try (WavReader reader = WavReader.open(new ByteArrayInputStream(Files.readAllBytes(out)))) {
      assertEquals(3, reader.declaredFrames());
      assertEquals(new WavFormat(WavFormat.Encoding.PCM_SIGNED, 16000, 1, 16), reader.format());
    }
    assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f}, WavReader.read(out).samples());
  }
}
