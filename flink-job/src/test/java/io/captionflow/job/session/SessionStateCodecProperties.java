package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.WindowDecoder;
import java.io.UncheckedIOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The codec reads back exactly what it wrote, at any point of a session in any offline mode. */
class SessionStateCodecProperties {

  static final SessionStream.Defaults DEFAULTS = SessionStream.Defaults.STANDARD;
  static final WindowDecoder DECODER = new WindowDecoder(new LevelRecognizer());
  static final RmsEnergyModel VAD = new RmsEnergyModel();

  @Provide
  Arbitrary<LatencyMode> modes() {
    return Arbitraries.of(LatencyMode.offline());
  }

  @Property(tries = 25)
  void aStoredSessionWrittenAgainGivesTheSameBytes(
      @ForAll("modes") LatencyMode mode,
      @ForAll @IntRange(min = 0, max = 110) int chunks,
      @ForAll boolean started) {
    float[] audio =
        LevelRecognizer.render(SessionStreamTest.TOTAL_FRAMES, SessionStreamTest.SCRIPT);
    List<float[]> all = SessionStreamTest.chunks(audio, 1600);
    SessionStream s = SessionStream.create(DEFAULTS, DECODER, VAD);
    RecordingOutput out = new RecordingOutput();
    if (started) {
      s.onStart(SessionSettings.of(mode), out);
    }
    for (int i = 0; i < Math.min(chunks, all.size()); i++) {
      s.onChunk(i, all.get(i), 1000L + i, false, out);
    }
    byte[] bytes = s.toBytes();
    assertEquals(SessionStateCodec.FORMAT, bytes[0]);
    assertArrayEquals(bytes, SessionStream.fromBytes(bytes, DEFAULTS, DECODER, VAD).toBytes());
  }

  @Example
  void anUnknownFormatIsNamed() {
    byte[] bytes = SessionStream.create(DEFAULTS, DECODER, VAD).toBytes();
    bytes[0] = 9;
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> SessionStream.fromBytes(bytes, DEFAULTS, DECODER, VAD));
    assertEquals("unknown session state format 9, expected 1 to 5", e.getCause().getMessage());
  }
}
