package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.job.session.AudioRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RunAudioAssemblerTest {

  /** Chunk i holds samples valued i + 1 (so silence, 0, is told from every chunk). */
  static float[] chunk(int i, int samples) {
    float[] c = new float[samples];
    Arrays.fill(c, (i + 1) / 1000f);
    return c;
  }

  static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Test
  void aChunkThatNeverArrivesIsSilenceOfItsPredecessorsLength() {
    RunAudioAssembler a = new RunAudioAssembler(64);
    List<float[]> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      float[] c = chunk(i, i == 2 ? 700 : 1600);
      expected.add(i == 3 ? new float[700] : c);
      if (i != 3) {
        a.offer(i, c, i == 9);
      }
    }
    RunAudio audio = a.finish();
    assertArrayEquals(concat(expected), audio.samples());
    assertEquals(9, audio.chunks());
    assertEquals(1, audio.gapsFilled());
    assertEquals(1, audio.gapChunks());
    assertTrue(audio.endOfStream());
  }

  @Test
  void beyondTheReorderBoundTheMissingChunkIsSilenceAndItsLateArrivalIsDropped() {
    RunAudioAssembler a = new RunAudioAssembler(4);
    a.offer(0, chunk(0, 100), false);
    for (int i = 2; i <= 6; i++) { // the 5th chunk held for chunk 1 overflows the bound of 4
      a.offer(i, chunk(i, 100), false);
    }
    a.offer(1, chunk(1, 100), false); // too late: its place was filled
    a.offer(7, chunk(7, 100), true);
    a.offer(8, chunk(8, 100), false); // after the end: the live session had ended
    RunAudio audio = a.finish();
    List<float[]> expected = new ArrayList<>();
    for (int i = 0; i <= 7; i++) {
      expected.add(i == 1 ? new float[100] : chunk(i, 100));
    }
    assertArrayEquals(concat(expected), audio.samples());
    assertEquals(7, audio.chunks());
    assertEquals(1, audio.gapsFilled());
  }

  @Test
  void aRunCutOffBeforeItsEndReleasesWhatIsHeldWithGapsFilled() {
    RunAudioAssembler a = new RunAudioAssembler(64);
    a.offer(0, chunk(0, 50), false);
    a.offer(2, chunk(2, 50), false);
    a.offer(4, chunk(4, 50), false);
    RunAudio audio = a.finish();
    assertArrayEquals(
        concat(List.of(chunk(0, 50), new float[50], chunk(2, 50), new float[50], chunk(4, 50))),
        audio.samples());
    assertEquals(2, audio.gapsFilled());
    assertFalse(audio.endOfStream());
  }

  /**
   * Chunks of any length arriving up to half the reorder bound late, some twice: the recording is
   * every chunk in sequence order, nothing lost, nothing doubled.
   */
  @Property(tries = 60)
  void reorderedAndRepeatedChunksWithinTheBoundGiveTheWholeRecording(
      @ForAll @IntRange(min = 1, max = 120) int chunks,
      @ForAll @IntRange(min = 2, max = 64) int window,
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random random = new Random(seed);
    List<float[]> parts = new ArrayList<>();
    List<double[]> arrivals = new ArrayList<>(); // {place in the stream, sequence}
    for (int i = 0; i < chunks; i++) {
      parts.add(chunk(i, 1 + random.nextInt(1600)));
      arrivals.add(
          new double[] {i + random.nextInt(window / 2 + 1) + 0.5 * random.nextDouble(), i});
      if (random.nextInt(5) == 0) {
        arrivals.add(new double[] {i + random.nextInt(window / 2 + 1) + 0.5, i});
      }
    }
    arrivals.sort(Comparator.comparingDouble(x -> x[0]));
    RunAudioAssembler a = new RunAudioAssembler(window);
    for (double[] arrival : arrivals) {
      int i = (int) arrival[1];
      a.offer(i, parts.get(i), i == chunks - 1);
    }
    RunAudio audio = a.finish();
    assertArrayEquals(concat(parts), audio.samples());
    assertEquals(chunks, audio.chunks());
    assertEquals(0, audio.gapsFilled());
  }

  /** The recognizer hears what the live job's ring holds: every sample rounded to 16 bits. */
  @Property(tries = 50)
  void roundingToPcm16IsTheLiveRingsRounding(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random random = new Random(seed);
    float[] samples = new float[4000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) ((random.nextDouble() * 2.4 - 1.2) * (random.nextBoolean() ? 1 : 1e-4));
    }
    AudioRing ring = new AudioRing(samples.length);
    ring.append(samples, 0, samples.length);
    RunAudio audio = new RunAudio(samples.clone(), 1, 0, 0, true);
    audio.roundToPcm16();
    assertArrayEquals(ring.read(0, samples.length), audio.samples());
  }
}
