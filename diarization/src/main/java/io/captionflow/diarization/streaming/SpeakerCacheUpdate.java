package io.captionflow.diarization.streaming;

import static io.captionflow.diarization.model.SortformerModel.EMBEDDING;
import static io.captionflow.diarization.model.SortformerModel.SPEAKERS;

import io.captionflow.diarization.model.StreamingParams;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * NeMo's streaming Sortformer memory update, after each chunk: the chunk's frames join the FIFO;
 * when the FIFO overflows its oldest frames move to the speaker cache (and silent ones refresh the
 * mean silence embedding); when the cache overflows it is compressed to the frames that best
 * characterise each speaker (arrival-order speaker cache, AOSC), silence filling the rest. Keeping
 * the cache is what keeps speaker numbering stable over a session.
 */
final class SpeakerCacheUpdate {

  private static final int SILENCE_FRAMES_PER_SPEAKER = 3;
  private static final float PRED_SCORE_THRESHOLD = 0.25f;
  private static final float STRONG_BOOST_RATE = 0.75f;
  private static final float WEAK_BOOST_RATE = 1.5f;
  private static final float MIN_POS_SCORES_RATE = 0.5f;
  private static final float SILENCE_THRESHOLD = 0.2f;
  private static final float LOG_HALF = (float) Math.log(0.5);

  private SpeakerCacheUpdate() {}

  /**
   * @param modelCachePreds the model's activities for the cache frames it was given (first rows of
   *     its output)
   * @param fifoPreds its re-computed activities for the FIFO frames
   * @param chunkEmbs embeddings of the chunk frames being kept
   * @param chunkPreds their activities
   */
  static DiarizationState apply(
      DiarizationState s,
      StreamingParams p,
      float[] modelCachePreds,
      float[] fifoPreds,
      float[] chunkEmbs,
      float[] chunkPreds,
      long nextFrame,
      long audioStart,
      float[] audio) {
    int fifoBefore = s.fifo().length / EMBEDDING;
    int kept = chunkEmbs.length / EMBEDDING;
    float[] fifo = FrameArrays.concat(s.fifo(), chunkEmbs);
    float[] fifoP = FrameArrays.concat(fifoPreds, chunkPreds);
    float[] cache = s.spkcache();
    float[] cacheP = s.spkcachePreds();
    boolean known = s.cachePredsKnown();
    float[] silence = s.silenceMean();
    long silenceFrames = s.silenceFrames();
    int fifoAfter = fifo.length / EMBEDDING;
    if (fifoAfter > p.fifoLen()) {
      int pop = Math.max(p.spkcacheUpdatePeriod(), kept - p.fifoLen() + fifoBefore);
      pop = Math.min(pop, fifoAfter);
      float[] popEmbs = FrameArrays.frames(fifo, EMBEDDING, 0, pop);
      float[] popPreds = FrameArrays.frames(fifoP, SPEAKERS, 0, pop);
      silence = silence.clone();
      for (int t = 0; t < pop; t++) {
        float sum = 0;
        for (int k = 0; k < SPEAKERS; k++) {
          sum += popPreds[t * SPEAKERS + k];
        }
        if (sum < SILENCE_THRESHOLD) {
          silenceFrames++;
          for (int i = 0; i < EMBEDDING; i++) {
            silence[i] += (popEmbs[t * EMBEDDING + i] - silence[i]) / silenceFrames;
          }
        }
      }
      fifo = FrameArrays.frames(fifo, EMBEDDING, pop, fifoAfter);
      fifoP = FrameArrays.frames(fifoP, SPEAKERS, pop, fifoAfter);
      cache = FrameArrays.concat(cache, popEmbs);
      if (known) {
        cacheP = FrameArrays.concat(cacheP, popPreds);
      }
      if (cache.length / EMBEDDING > p.spkcacheLen()) {
        if (!known) {
          cacheP = FrameArrays.concat(modelCachePreds, popPreds);
          known = true;
        }
        float[][] compressed = compress(cache, cacheP, silence, p.spkcacheLen());
        cache = compressed[0];
        cacheP = compressed[1];
      }
    }
    return new DiarizationState(
        nextFrame, audioStart, audio, cache, cacheP, known, fifo, fifoP, silence, silenceFrames);
  }

  /**
   * Keeps {@code cacheLen} frames: per speaker its most confident, non-overlapped frames, in
   * arrival order.
   */
  static float[][] compress(float[] cache, float[] preds, float[] silence, int cacheLen) {
    int n = cache.length / EMBEDDING;
    int perSpeaker = cacheLen / SPEAKERS - SILENCE_FRAMES_PER_SPEAKER;
    int strongBoost = (int) (perSpeaker * STRONG_BOOST_RATE);
    int weakBoost = (int) (perSpeaker * WEAK_BOOST_RATE);
    int minPositive = (int) (perSpeaker * MIN_POS_SCORES_RATE);

    int rows = n + SILENCE_FRAMES_PER_SPEAKER;
    float[][] scores = new float[SPEAKERS][rows]; // [speaker][frame]
    int[] positive = new int[SPEAKERS];
    for (int t = 0; t < n; t++) {
      float logNotSum = 0;
      for (int k = 0; k < SPEAKERS; k++) {
        float pk = Math.max(preds[t * SPEAKERS + k], PRED_SCORE_THRESHOLD);
        logNotSum += (float) Math.log(Math.max(1 - pk, PRED_SCORE_THRESHOLD));
      }
      for (int k = 0; k < SPEAKERS; k++) {
        float pk = Math.max(preds[t * SPEAKERS + k], PRED_SCORE_THRESHOLD);
        scores[k][t] =
            (float) (Math.log(pk) - Math.log(Math.max(1 - pk, PRED_SCORE_THRESHOLD)))
                + logNotSum
                - LOG_HALF;
        if (scores[k][t] > 0) {
          positive[k]++;
        }
      }
    }
    for (int t = 0; t < n; t++) {
      for (int k = 0; k < SPEAKERS; k++) {
        boolean speech = preds[t * SPEAKERS + k] > 0.5f;
        if (!speech || (scores[k][t] <= 0 && positive[k] >= minPositive)) {
          scores[k][t] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    for (int k = 0; k < SPEAKERS; k++) {
      boost(scores[k], n, strongBoost, 2f);
      boost(scores[k], n, weakBoost, 1f);
      Arrays.fill(
          scores[k], n, rows, Float.POSITIVE_INFINITY); // silence placeholders always win a slot
    }
    // top cacheLen over (speaker, frame), flattened speaker-major; then back in flat (arrival)
    // order
    Integer[] flat = IntStream.range(0, SPEAKERS * rows).boxed().toArray(Integer[]::new);
    Arrays.sort(flat, Comparator.comparingDouble((Integer i) -> -scores[i / rows][i % rows]));
    int[] chosen = new int[cacheLen];
    for (int i = 0; i < cacheLen; i++) {
      int idx = i < flat.length ? flat[i] : Integer.MAX_VALUE;
      chosen[i] =
          idx != Integer.MAX_VALUE && scores[idx / rows][idx % rows] != Float.NEGATIVE_INFINITY
              ? idx
              : Integer.MAX_VALUE;
    }
    Arrays.sort(chosen);
    float[] embs = new float[cacheLen * EMBEDDING];
    float[] newPreds = new float[cacheLen * SPEAKERS];
    for (int i = 0; i < cacheLen; i++) {
      int frame = chosen[i] == Integer.MAX_VALUE ? -1 : chosen[i] % rows;
      if (frame < 0 || frame >= n) {
        System.arraycopy(silence, 0, embs, i * EMBEDDING, EMBEDDING); // predictions stay zero
      } else {
        System.arraycopy(cache, frame * EMBEDDING, embs, i * EMBEDDING, EMBEDDING);
        System.arraycopy(preds, frame * SPEAKERS, newPreds, i * SPEAKERS, SPEAKERS);
      }
    }
    return new float[][] {embs, newPreds};
  }

  private static void boost(float[] column, int n, int count, float scale) {
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -column[t]));
    for (int i = 0; i < Math.min(count, n); i++) {
      if (column[order[i]] != Float.NEGATIVE_INFINITY) {
        column[order[i]] -= scale * LOG_HALF;
      }
    }
  }
}
