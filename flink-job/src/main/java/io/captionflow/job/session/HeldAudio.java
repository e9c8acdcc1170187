package io.captionflow.job.session;

import java.util.ArrayList;
import java.util.List;

/**
 * The audio a session receives before its START event, held as the ring would hold it (PCM16), so a
 * restore replays exactly what live did.
 */
final class HeldAudio {

  private final List<ChunkSequencer.Release> held;
  private long samples;

  HeldAudio() {
    this(new ArrayList<>(), 0);
  }

  HeldAudio(List<ChunkSequencer.Release> held, long samples) {
    this.held = new ArrayList<>(held);
    this.samples = samples;
  }

  /** Holds a released chunk or gap; returns the samples held in all. */
  long hold(ChunkSequencer.Release r) {
    if (r instanceof ChunkSequencer.Audio a) {
      held.add(
          new ChunkSequencer.Audio(
              a.sequence(),
              AudioRing.quantized(a.samples()),
              a.captureTimeMillis(),
              a.endOfStream()));
      samples += a.samples().length;
    } else {
      held.add(r);
      samples += ((ChunkSequencer.Gap) r).silenceSamples();
    }
    return samples;
  }

  /** Everything held, in order; nothing is held afterwards. */
  List<ChunkSequencer.Release> release() {
    List<ChunkSequencer.Release> all = List.copyOf(held);
    drop();
    return all;
  }

  void drop() {
    held.clear();
    samples = 0;
  }

  List<ChunkSequencer.Release> releases() {
    return List.copyOf(held);
  }

  long samples() {
    return samples;
  }
}
