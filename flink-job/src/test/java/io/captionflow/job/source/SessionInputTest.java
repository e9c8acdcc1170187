package io.captionflow.job.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SessionInputTest {

  final ChunkValidator validator = new ChunkValidator(2.0);

  @Test
  void aChunkTravelsAsSamplesAndItsDeadLetterHoldsTheBytesAsReceived() {
    float[] samples = {0f, 0.5f, -0.25f, 1f / 32768, -1f};
    for (AudioEncoding encoding : AudioEncoding.values()) {
      byte[] pcm =
          encoding == AudioEncoding.F32
              ? PcmCodec.encodeF32(samples)
              : PcmCodec.encodePcm16(samples);
      byte[] received =
          AvroCodec.audioChunk()
              .encode(ChunkValidatorTest.chunk(pcm).setEncoding(encoding).build());
      AudioChunk chunk = AvroCodec.audioChunk().decode(received);

      SessionInput in =
          SessionInput.of(
              chunk,
              validator.validate(chunk).samples(),
              new RawRecord("audio", 3, 42, "s".getBytes(), received));

      assertEquals(0, in.chunk.getPcm().remaining(), encoding + ": the PCM travels as samples");
      assertArrayEquals(samples, in.samples, encoding.toString());
      DeadLetter letter = DeadLetters.of(in, "chunk 0 for ended session s", "transcribe");
      assertArrayEquals(received, bytes(letter.getOriginalValue()), encoding.toString());
      assertEquals(42, letter.getOffset());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
