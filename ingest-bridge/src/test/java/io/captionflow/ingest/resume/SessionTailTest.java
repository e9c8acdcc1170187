package io.captionflow.ingest.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.wire.SessionEvents;
import io.captionflow.schema.wire.StartSettings;
import java.nio.ByteBuffer;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SessionTailTest {

  private static final StartSettings SETTINGS =
      new StartSettings("de", "low-latency", "ws:hall", true, 2, true);

  @Property(tries = 200)
  void anOpenSessionGoesOnAfterItsLastChunk(
      @ForAll @LongRange(min = 0, max = 1_000_000) long lastSequence,
      @ForAll @IntRange(min = 1, max = 16_000) int chunkSamples) {
    SessionEvent start = SessionEvents.start("hall", SETTINGS, 5L);

    Optional<OpenSession> open =
        new SessionTail(start, chunk(lastSequence, chunkSamples, false)).openSession();

    assertEquals(
        Optional.of(new OpenSession(lastSequence + 1, (lastSequence + 1) * chunkSamples, SETTINGS)),
        open);
  }

  @Property(tries = 100)
  void anEndedSessionIsNotContinued(
      @ForAll @LongRange(min = 0, max = 1_000_000) long lastSequence) {
    SessionEvent end = SessionEvents.end("hall", SETTINGS, lastSequence, 5L);
    assertEquals(
        Optional.empty(), new SessionTail(end, chunk(lastSequence, 1600, true)).openSession());
    // its END read, the end-of-stream chunk not (it lies beyond the window): still ended
    assertEquals(
        Optional.empty(), new SessionTail(end, chunk(lastSequence, 1600, false)).openSession());
  }

  @Test
  void anEndOfStreamChunkWithoutEndEndsTheSession() { // killed between the two
    SessionEvent start = SessionEvents.start("hall", SETTINGS, 5L);
    assertEquals(Optional.empty(), new SessionTail(start, chunk(7, 0, true)).openSession());
  }

  @Test
  void noRecentAudioMeansNothingToContinue() {
    SessionEvent start = SessionEvents.start("hall", SETTINGS, 5L);
    assertEquals(Optional.empty(), new SessionTail(start, null).openSession());
    assertEquals(Optional.empty(), new SessionTail(null, null).openSession());
  }

  @Test
  void audioWhoseStartLiesBeyondTheWindowGoesOnWithUnknownSettings() {
    assertEquals(
        Optional.of(new OpenSession(8, 8 * 1600, null)),
        new SessionTail(null, chunk(7, 1600, false)).openSession());
  }

  @Test
  void samplesOfFloatChunksCountFourBytesEach() {
    AudioChunk f32 =
        AudioChunk.newBuilder(chunk(3, 400, false))
            .setEncoding(AudioEncoding.F32)
            .setPcm(ByteBuffer.wrap(new byte[400 * 4]))
            .build();
    assertEquals(
        Optional.of(new OpenSession(4, 1600, null)), new SessionTail(null, f32).openSession());
  }

  private static AudioChunk chunk(long sequence, int samples, boolean endOfStream) {
    return AudioChunk.newBuilder()
        .setSessionId("hall")
        .setSequence(sequence)
        .setSampleRate(16_000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(new byte[samples * 2]))
        .setCaptureTimeMillis(1L)
        .setEndOfStream(endOfStream)
        .build();
  }
}
