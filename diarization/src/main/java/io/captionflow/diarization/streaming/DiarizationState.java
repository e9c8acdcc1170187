package io.captionflow.diarization.streaming;

/**
 * Everything one session's streaming diarization needs to continue, as plain arrays so it fits
 * Flink keyed state and survives recovery: restoring it continues with the same speaker numbering.
 * Embedding arrays are frame-major with 512 values per frame; prediction arrays 4 values per frame.
 *
 * @param nextFrame next 80 ms model frame to predict (= frames already emitted)
 * @param audioStart stream index of {@code audio[0]}
 * @param audio the received samples still needed (from the current chunk's left edge on)
 * @param spkcache speaker cache embeddings (arrival-ordered speaker memory)
 * @param spkcachePreds activities of the cache frames, valid only when {@code cachePredsKnown}
 * @param cachePredsKnown whether {@code spkcachePreds} has been filled (it is at the first
 *     compression)
 * @param fifo embeddings of the most recent frames, oldest first
 * @param fifoPreds activities of the FIFO frames
 * @param silenceMean running mean embedding of silent frames (fills unused cache slots)
 * @param silenceFrames frames averaged into {@code silenceMean}
 */
public record DiarizationState(
    long nextFrame,
    long audioStart,
    float[] audio,
    float[] spkcache,
    float[] spkcachePreds,
    boolean cachePredsKnown,
    float[] fifo,
    float[] fifoPreds,
    float[] silenceMean,
    long silenceFrames) {

  public static DiarizationState initial() {
    return new DiarizationState(
        0,
        0,
        new float[0],
        new float[0],
        new float[0],
        false,
        new float[0],
        new float[0],
        new float[io.captionflow.diarization.model.SortformerModel.EMBEDDING],
        0);
  }

  /** Stream samples received so far. */
  public long samplesReceived() {
    return audioStart + audio.length;
  }

  /** Seconds of session audio whose speaker activities have been emitted. */
  public double coveredSeconds() {
    return nextFrame * io.captionflow.diarization.model.SortformerModel.FRAME_SECONDS;
  }
}
