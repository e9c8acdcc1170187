package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A session persisted as the job persists it (its ring audio as blocks appended since the last
 * checkpoint, the rest as one small value) and restored at any checkpoint goes on exactly as the
 * uninterrupted session, and what it writes per audio second stays within 64 kB.
 */
class PersistedSessionProperties {

  static final SessionStream.Defaults DEFAULTS = SessionStream.Defaults.STANDARD;
  static final WindowDecoder DECODER = new WindowDecoder(new LevelRecognizer());
  static final RmsEnergyModel VAD = new RmsEnergyModel();

  @Provide
  Arbitrary<LatencyMode> modes() {
    return Arbitraries.of(LatencyMode.offline());
  }

  @Property(tries = 30)
  void aSessionRestoredAtAnyCheckpointGoesOnAsIfUninterrupted(
      @ForAll("modes") LatencyMode mode,
      @ForAll @IntRange(min = 1, max = 30) int chunksPerCheckpoint,
      @ForAll @IntRange(min = 1, max = 12) int restoreAtCheckpoint,
      @ForAll @IntRange(min = 1, max = 5) int chunkTenths,
      @ForAll boolean filledBlocksBetweenCheckpoints)
      throws Exception {
    // the script twice: a second talk after the first, so rings wrap and blocks are dropped
    float[] once = LevelRecognizer.render(SessionStreamTest.TOTAL_FRAMES, SessionStreamTest.SCRIPT);
    float[] audio = new float[once.length * 2];
    System.arraycopy(once, 0, audio, 0, once.length);
    System.arraycopy(once, 0, audio, once.length, once.length);
    List<float[]> chunks = SessionStreamTest.chunks(audio, chunkTenths * 1600);
    int restoreAfter = Math.min(chunks.size() - 1, chunksPerCheckpoint * restoreAtCheckpoint);

    SessionStream live = SessionStream.create(DEFAULTS, DECODER, VAD);
    live.onStart(SessionSettings.of(mode), new RecordingOutput());
    MemoryAudioBlocks blocks = new MemoryAudioBlocks();
    byte[] checkpoint = null;
    MemoryAudioBlocks checkpointBlocks = null;
    RecordingOutput before = new RecordingOutput();
    for (int i = 0; i < restoreAfter; i++) {
      live.onChunk(i, chunks.get(i), 1000L + i, false, before);
      if (filledBlocksBetweenCheckpoints) {
        live.persistFilledAudio(blocks); // as the operator stores a session after each bundle
      }
      if ((i + 1) % chunksPerCheckpoint == 0 || i + 1 == restoreAfter) {
        checkpoint = live.persist(blocks);
        checkpointBlocks = blocks.copy();
      }
    }
    SessionStream restored =
        SessionStream.restore(
            checkpoint, checkpointBlocks, DEFAULTS, DECODER, null, VAD, Diarization.unavailable());
    RecordingOutput uninterrupted = new RecordingOutput();
    RecordingOutput afterRestore = new RecordingOutput();
    for (int i = restoreAfter; i < chunks.size(); i++) {
      boolean last = i == chunks.size() - 1;
      live.onChunk(i, chunks.get(i), 1000L + i, last, uninterrupted);
      restored.onChunk(i, chunks.get(i), 1000L + i, last, afterRestore);
    }
    assertEquals(uninterrupted.finalOrder, afterRestore.finalOrder, mode.id());
    assertEquals(uninterrupted.segments, afterRestore.segments, mode.id());
    assertEquals(uninterrupted.activity, afterRestore.activity, mode.id());
    assertEquals(uninterrupted.statuses, afterRestore.statuses, mode.id());
    assertEquals(List.of("ENDED"), afterRestore.statuses);
    int heldBlocks = (int) Math.ceil((mode.bufferSeconds() * 16_000 + 1280) / 8000.0) + 1;
    assertTrue(checkpointBlocks.size() <= heldBlocks, "blocks of audio no longer held stay");
  }

  /**
   * Speedy (8 s ring) over 2 minutes of speech with a checkpoint every 2 s: the new audio (32 kB/s
   * as PCM16) plus the last block rewritten and the small rest of the state.
   */
  @Example
  void aCheckpointEveryTwoSecondsWritesWellUnder64KilobytesPerAudioSecond() throws Exception {
    float[] once = LevelRecognizer.render(SessionStreamTest.TOTAL_FRAMES, SessionStreamTest.SCRIPT);
    SessionStream s = SessionStream.create(DEFAULTS, DECODER, VAD);
    s.onStart(SessionSettings.of(LatencyMode.SPEEDY), new RecordingOutput());
    MemoryAudioBlocks blocks = new MemoryAudioBlocks();
    long metadataBytes = 0;
    int sequence = 0;
    long samples = 0;
    for (int talk = 0; talk < 14; talk++) {
      for (float[] chunk : SessionStreamTest.chunks(once, 1600)) {
        s.onChunk(sequence++, chunk, 0, false, new RecordingOutput());
        s.persistFilledAudio(blocks);
        samples += chunk.length;
        if (sequence % 20 == 0) {
          metadataBytes += s.persist(blocks).length;
        }
      }
    }
    double seconds = samples / 16_000.0;
    double perSecond = (blocks.bytesWritten() + metadataBytes) / seconds;
    assertTrue(perSecond < 64_000, perSecond + " bytes per audio second");
    assertTrue(blocks.bytesWritten() / seconds < 48_000, "audio blocks: new audio + last block");
    assertTrue(metadataBytes / seconds < 8_000, metadataBytes / seconds + " B/s of metadata");
  }
}
