package io.captionflow.asr.vad;

/**
 * Something that scores 32 ms frames (512 samples at 16 kHz) for speech. One instance is shared by
 * every session of a JVM; what a session carries between frames lives in its {@link VadStream}.
 */
public sealed interface VadModel extends AutoCloseable permits SileroVadModel, RmsEnergyModel {

  int SAMPLE_RATE = 16_000;
  int FRAME_SAMPLES = 512;

  /**
   * Speech probability of one frame; may read and update {@code state} (this session's model
   * memory).
   */
  float speechProbability(float[] frame, VadStreamState state);

  /** The memory a fresh session starts with. */
  VadStreamState initialState();

  /** A new per-session stream scoring frames with this model. */
  default VadStream newStream() {
    return new VadStream(this, initialState());
  }

  @Override
  default void close() {}
}
