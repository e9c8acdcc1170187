package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.WindowDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Session state written by earlier versions of the job is still read. */
class SessionStateFormatTest {

  static final List<float[]> CHUNKS =
      SessionStreamTest.chunks(
          LevelRecognizer.render(SessionStreamTest.TOTAL_FRAMES, SessionStreamTest.SCRIPT), 1600);

  final WindowDecoder decoder = new WindowDecoder(new LevelRecognizer());
  final RmsEnergyModel vad = new RmsEnergyModel();

  static byte[] resource(String name) throws IOException {
    try (InputStream in =
        new GZIPInputStream(
            SessionStateFormatTest.class.getResourceAsStream("/session-state/" + name))) {
      return in.readAllBytes();
    }
  }

  /**
   * Written by the format-2 code (commit 44c05ae): a speedy session of {@link
   * SessionStreamTest#SCRIPT} after chunks 0-39 in order and 42, 43 early (held, waiting for 40 and
   * 41); "one two three four." were already confirmed.
   */
  @Test
  void aFormatTwoSessionGoesOnWhereItStopped() throws IOException {
    byte[] stored = resource("speedy-format-2.bin.gz");
    assertEquals(2, stored[0]);
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.fromBytes(stored, SessionStream.Defaults.STANDARD, decoder, vad);
    assertEquals(SessionStream.Phase.RUNNING, s.phase());
    assertEquals(OptionalLong.empty(), s.endAfterSequence());
    assertEquals(
        ChunkSequencer.Outcome.DUPLICATE, s.onChunk(42, CHUNKS.get(42), 1042L, false, out));
    assertEquals(
        ChunkSequencer.Outcome.REORDERED, s.onChunk(40, CHUNKS.get(40), 1040L, false, out));
    assertEquals(
        ChunkSequencer.Outcome.REORDERED, s.onChunk(41, CHUNKS.get(41), 1041L, false, out));
    for (int i = 44; i < CHUNKS.size(); i++) {
      s = SessionStream.fromBytes(s.toBytes(), SessionStream.Defaults.STANDARD, decoder, vad);
      s.onChunk(i, CHUNKS.get(i), 1000L + i, i == CHUNKS.size() - 1, out);
    }
    assertEquals(
        SessionStreamTest.EXPECTED.subList(4, SessionStreamTest.EXPECTED.size()),
        out.finalWordTimes());
    assertEquals(List.of("ENDED"), out.statuses);
  }

  @Test
  void aFormatFromTheFutureIsRefusedWithItsNumber() {
    byte[] bytes = SessionStream.create(SessionStream.Defaults.STANDARD, decoder, vad).toBytes();
    assertEquals(5, bytes[0]);
    bytes[0] = 6;
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> SessionStream.fromBytes(bytes, SessionStream.Defaults.STANDARD, decoder, vad));
    assertEquals("unknown session state format 6, expected 1 to 5", e.getCause().getMessage());
  }
}
