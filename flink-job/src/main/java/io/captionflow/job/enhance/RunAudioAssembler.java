package io.captionflow.job.enhance;

import io.captionflow.job.session.ChunkSequencer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts a run's chunks, offered in the order the live job read them (audio-topic offset order), back
 * into one recording by the live job's own rules: the same {@link ChunkSequencer} with the same
 * reorder bound orders them, drops duplicates and fills what is missing beyond the bound (or at the
 * end) with silence of the preceding chunk's length; the recording ends at the end-of-stream chunk,
 * and anything released after it is ignored, as the live session ignores it once ended.
 */
public final class RunAudioAssembler {

  private final ChunkSequencer sequencer;
  private float[] samples = new float[RunAudio.SAMPLE_RATE * 60];
  private int length;
  private long chunks;
  private final List<Long> gapChunks = new ArrayList<>();
  private boolean ended;

  /** {@code reorderWindow}: the live job's {@code --reorder-window} (64 by default). */
  public RunAudioAssembler(int reorderWindow) {
    this.sequencer = new ChunkSequencer(reorderWindow);
  }

  /** One chunk, in read order. */
  public void offer(long sequence, float[] chunk, boolean endOfStream) {
    if (ended) {
      return;
    }
    List<ChunkSequencer.Release> released = new ArrayList<>();
    sequencer.offer(new ChunkSequencer.Audio(sequence, chunk, 0, endOfStream), released);
    accept(released);
  }

  /**
   * The recording. A run without its end-of-stream chunk releases what is still held, gaps filled,
   * as the live job does when such a session ends by its END's grace or idle expiry.
   */
  public RunAudio finish() {
    if (!ended) {
      List<ChunkSequencer.Release> released = new ArrayList<>();
      sequencer.flush(released);
      accept(released);
    }
    return RunAudio.of(Arrays.copyOf(samples, length), chunks, gapChunks, ended);
  }

  private void accept(List<ChunkSequencer.Release> released) {
    for (ChunkSequencer.Release r : released) {
      if (ended) {
        return;
      }
      if (r instanceof ChunkSequencer.Gap gap) {
        gapChunks.add(gap.lastMissing() - gap.firstMissing() + 1);
        append(null, gap.silenceSamples());
      } else if (r instanceof ChunkSequencer.Audio a) {
        chunks++;
        append(a.samples(), a.samples().length);
        ended = a.endOfStream();
      }
    }
  }

  private void append(float[] chunk, long n) {
    if (length + n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "the run's recording passes "
              + (Integer.MAX_VALUE / RunAudio.SAMPLE_RATE / 3600)
              + " hours: too long for one enhancement");
    }
    if (length + n > samples.length) {
      samples =
          Arrays.copyOf(
              samples,
              (int) Math.max(length + n, Math.min(Integer.MAX_VALUE - 8, 2L * samples.length)));
    }
    if (chunk != null) {
      System.arraycopy(chunk, 0, samples, length, (int) n);
    } // a gap stays zero: the array's new part is zero-filled and never written before
    length += (int) n;
  }
}
