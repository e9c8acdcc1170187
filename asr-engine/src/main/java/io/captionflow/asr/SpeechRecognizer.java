package io.captionflow.asr;

import java.util.List;

/**
 * One loaded ASR model, shared by every session in a JVM (one per Flink task manager) and safe to
 * call from several threads. Sessions keep their own state elsewhere; the recognizer holds only the
 * model.
 */
public interface SpeechRecognizer extends AutoCloseable {

  /** The only input rate: 16 kHz mono, float samples in [-1, 1]. */
  int SAMPLE_RATE = 16_000;

  /**
   * Audio time covered by one encoder frame: the resolution of token times (0.08 s for Parakeet).
   */
  double frameSeconds();

  /** Transcribes one window; token times are seconds from {@code samples[0]}. */
  Transcript transcribe(float[] samples);

  /**
   * Transcribes several windows in one encoder call (padded, with lengths); result i is for window
   * i.
   */
  List<Transcript> transcribeBatch(List<float[]> windows);

  /**
   * Runs only the encoder over a window, so a caller can decode part of it with decoder state
   * carried over from an earlier window (chunked streaming: left context + chunk + right context).
   */
  EncodedAudio encode(float[] samples);

  /**
   * Encodes several windows; result i is for window i and equals {@code encode} of it alone. A
   * recognizer whose encoder takes a batch does so in one call (padded, with lengths); this default
   * encodes window by window.
   */
  default List<EncodedAudio> encodeBatch(List<float[]> windows) {
    return windows.stream().map(this::encode).toList();
  }

  /**
   * Greedy-decodes encoder frames {@code [fromFrame, toFrame)} of {@code audio}, starting from
   * {@code state} ({@link DecoderState#initial()} for a fresh utterance); token times are seconds
   * from the start of the encoded window. The returned state continues the decoding in a later
   * window.
   */
  DecodeResult decode(EncodedAudio audio, int fromFrame, int toFrame, DecoderState state);

  /**
   * Greedy-decodes several independent rows (other sessions, other windows); result i is for
   * request i and equals {@code decode} of that request alone. A recognizer that can run its
   * decoder over a batch does so in one call per step; this default decodes row by row.
   */
  default List<DecodeResult> decodeBatch(List<DecodeRequest> requests) {
    return requests.stream()
        .map(r -> decode(r.audio(), r.fromFrame(), r.toFrame(), r.state()))
        .toList();
  }

  @Override
  void close();
}
