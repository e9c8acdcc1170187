package io.captionflow.job.session;

import io.captionflow.asr.vad.VadModel;
import io.captionflow.job.inference.VadTrack;
import java.util.List;

/**
 * A session's recent audio and its voice activity on one clock: the ring of the last samples
 * (PCM16) and the VAD track scoring every sample appended, with where the ring's audio stands in
 * the block store.
 */
final class SessionAudio {

  private final AudioRing ring;
  private final VadTrack vad;

  /** The lowest ring block in the block store, if the audio is persisted there. */
  private long lowestStoredBlock;

  SessionAudio(AudioRing ring, VadTrack vad, long lowestStoredBlock) {
    this.ring = ring;
    this.vad = vad;
    this.lowestStoredBlock = lowestStoredBlock;
  }

  /** Empty audio from session sample {@code at} on, holding the settings' buffer and a frame. */
  static SessionAudio startingAt(SessionSettings settings, VadModel vadModel, long at) {
    int capacity = (int) (settings.bufferSamples() + AudioRing.FRAME_SAMPLES);
    return new SessionAudio(
        AudioRing.startingAt(capacity, at),
        VadTrack.startingAt(vadModel, capacity / VadModel.FRAME_SAMPLES + 2, at),
        0);
  }

  static double seconds(long samples) {
    return samples / (double) AudioRing.SAMPLE_RATE;
  }

  /**
   * Appends {@code length} samples from {@code offset} (silence when {@code samples} is null);
   * returns the speaking/quiet changes they caused.
   */
  List<VadTrack.Change> append(float[] samples, int offset, long length) {
    if (samples == null) {
      ring.appendSilence(length);
      return vad.pushSilence(length);
    }
    ring.append(samples, offset, (int) length);
    return vad.push(samples, offset, (int) length);
  }

  /** Samples appended since the session began: the session's audio clock. */
  long totalSamples() {
    return ring.totalSamples();
  }

  long oldestSample() {
    return ring.oldestSample();
  }

  /** The ring's samples [from, to), as PCM16 rounded them. */
  float[] read(long from, long to) {
    return ring.read(from, to);
  }

  boolean hasSpeech(long from, long to) {
    return vad.hasSpeech(from, to);
  }

  /** See {@link VadTrack#latestPauseStart}. */
  long latestPauseStart(long from, long to) {
    return vad.latestPauseStart(from, to);
  }

  /** Writes the audio appended since the last persist to {@code blocks}. */
  void persist(AudioBlocks blocks) throws Exception {
    lowestStoredBlock = ring.persist(blocks, lowestStoredBlock);
  }

  /** Writes the ring's blocks filled since the last persist to {@code blocks}. */
  void persistFilledBlocks(AudioBlocks blocks) throws Exception {
    ring.persistFilledBlocks(blocks);
  }

  AudioRing ring() {
    return ring;
  }

  VadTrack vad() {
    return vad;
  }

  long lowestStoredBlock() {
    return lowestStoredBlock;
  }
}
