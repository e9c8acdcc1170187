package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordedRunsTest {

  long offset = 100;
  final RecordedRuns runs = new RecordedRuns();

  void chunk(long sequence, int samples, boolean end) {
    runs.add(
        0,
        offset,
        10_000 + offset,
        AudioChunk.newBuilder()
            .setSessionId("talk")
            .setSequence(sequence)
            .setSampleRate(16_000)
            .setEncoding(AudioEncoding.PCM16)
            .setPcm(ByteBuffer.wrap(new byte[samples * 2]))
            .setCaptureTimeMillis(0)
            .setEndOfStream(end)
            .build());
    offset += 3; // other sessions' records lie between
  }

  @Test
  void runsAreToldApartByTheSequenceRestartingAndARetriedFirstChunkStartsNone() {
    for (int i = 0; i < 5; i++) {
      chunk(i, 1600, i == 4);
    }
    chunk(2, 1600, false); // a repeat of run 1's chunk 2
    chunk(0, 1600, false); // run 2
    chunk(0, 1600, false); // its first chunk again (a producer retry)
    chunk(1, 800, false);
    chunk(3, 1600, false); // chunk 2 missing: counted as long as chunk 1
    chunk(0, 1600, true); // run 3, one chunk

    List<RecordedRun> found = runs.runs();

    assertEquals(
        List.of(
            new RecordedRun(0, 100, 115, 10_100, 10_115, 6, 0.5, true),
            new RecordedRun(
                0, 118, 127, 10_118, 10_127, 4, (1600 + 800 + 800 + 1600) / 16000.0, false),
            new RecordedRun(0, 130, 130, 10_130, 10_130, 1, 0.1, true)),
        found);
  }

  static RecordedRun recorded(long first, long lastTimestamp, double seconds) {
    return new RecordedRun(0, first, first + 10, first, lastTimestamp, 10, seconds, true);
  }

  @Test
  void aRunIsTheNewestRecordingStartedBeforeItEndedWithItsLength() {
    RecordedRun a = recorded(1_000, 1_900, 9.0);
    RecordedRun b = recorded(2_000, 2_600, 6.0);
    RecordedRun c = recorded(3_000, 3_900, 9.0); // started after the end was written: a later run
    List<RecordedRun> all = List.of(a, b, c);
    assertEquals(Optional.of(b), RunLocator.match(all, 2_700, 6.0));
    // a job catching up wrote run a's end after run b had been recorded: the length tells them
    // apart
    assertEquals(Optional.of(a), RunLocator.match(all, 2_700, 9.2));
    // no recording of that length: the newest one started before
    assertEquals(Optional.of(b), RunLocator.match(all, 2_700, 30.0));
    assertEquals(Optional.empty(), RunLocator.match(all, 999, 9.0));
  }
}
