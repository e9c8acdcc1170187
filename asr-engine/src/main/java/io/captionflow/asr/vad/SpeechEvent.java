package io.captionflow.asr.vad;

/**
 * What a {@link SpeechSegmenter} reports, in sample positions from the start of the stream (16
 * kHz).
 */
public sealed interface SpeechEvent {

  /**
   * Speech has begun at {@code startSample} (reported once it has lasted the minimum speech time).
   */
  record SpeechStart(long startSample) implements SpeechEvent {}

  /** A finished speech segment [startSample, endSample). */
  record SpeechSegment(long startSample, long endSample) implements SpeechEvent {

    public double startSeconds() {
      return startSample / (double) VadModel.SAMPLE_RATE;
    }

    public double endSeconds() {
      return endSample / (double) VadModel.SAMPLE_RATE;
    }
  }
}
