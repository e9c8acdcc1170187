package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An END naming the session's last chunk ends the session in stream order, not when it is read. */
class SessionStreamEndTest {

  static final List<float[]> CHUNKS =
      SessionStreamTest.chunks(
          LevelRecognizer.render(SessionStreamTest.TOTAL_FRAMES, SessionStreamTest.SCRIPT), 1600);
  static final int LAST = CHUNKS.size() - 1;

  final RecordingOutput out = new RecordingOutput();
  final WindowDecoder decoder = new WindowDecoder(new LevelRecognizer());
  final RmsEnergyModel vad = new RmsEnergyModel();
  SessionStream stream = SessionStream.create(SessionStream.Defaults.STANDARD, decoder, vad);

  void chunk(int i, boolean endOfStream) {
    stream.onChunk(i, CHUNKS.get(i), 0, endOfStream, out);
  }

  void roundTrip() {
    stream =
        SessionStream.fromBytes(stream.toBytes(), SessionStream.Defaults.STANDARD, decoder, vad);
  }

  @Test
  void anEndReadBeforeAnyAudioEndsTheSessionWithItsLastChunk() {
    stream.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    stream.endAfter(LAST, out);
    assertEquals(OptionalLong.of(LAST), stream.endAfterSequence());
    for (int i = 0; i < LAST; i++) {
      chunk(i, false); // no end-of-stream flag: the END alone ends the session
      if (i % 20 == 0) {
        roundTrip(); // the END's last sequence survives the session's state
      }
    }
    assertEquals(List.of("STARTED"), out.statuses);
    assertEquals(SessionStream.Phase.RUNNING, stream.phase());
    chunk(LAST, false);
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
    assertEquals(SessionStreamTest.EXPECTED, out.finalWordTimes());
  }

  @Test
  void anEndWhoseAudioWasAllProcessedEndsAtOnce() {
    stream.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    for (int i = 0; i <= LAST; i++) {
      chunk(i, false);
    }
    assertEquals(List.of("STARTED"), out.statuses);
    stream.endAfter(LAST, out);
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
    assertEquals(SessionStreamTest.EXPECTED, out.finalWordTimes());
  }

  @Test
  void theLastChunkArrivingEarlyWaitsForTheChunksBeforeIt() {
    stream.onStart(SessionSettings.of(LatencyMode.SPEEDY), out);
    stream.endAfter(LAST, out);
    chunk(LAST, true);
    for (int i = LAST - 1; i > LAST - 20; i--) {
      chunk(i, false);
    }
    assertEquals(List.of("STARTED"), out.statuses);
    for (int i = 0; i <= LAST - 20; i++) {
      chunk(i, false);
    }
    assertEquals(List.of("STARTED", "ENDED"), out.statuses);
    assertEquals(SessionStreamTest.EXPECTED, out.finalWordTimes());
  }

  @Test
  void anEndWithoutAnyStartEndsWithTheJobDefaultsOnceItsAudioIsIn() {
    stream.endAfter(LAST, out);
    for (int i = 0; i <= LAST; i++) {
      chunk(i, false);
    }
    assertEquals(
        List.of("STARTED: session ended before any START event: job defaults (speedy)", "ENDED"),
        out.statuses);
    assertEquals(SessionStreamTest.EXPECTED, out.finalWordTimes());
  }
}
