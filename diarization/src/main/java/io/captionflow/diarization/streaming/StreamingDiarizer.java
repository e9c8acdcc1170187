package io.captionflow.diarization.streaming;

import static io.captionflow.diarization.model.SortformerModel.EMBEDDING;
import static io.captionflow.diarization.model.SortformerModel.FEATURES;
import static io.captionflow.diarization.model.SortformerModel.SPEAKERS;
import static io.captionflow.diarization.model.SortformerModel.SUBSAMPLING;

import io.captionflow.asr.features.LogMelSpectrogram;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.model.StreamingParams;
import java.util.Arrays;

/**
 * Streaming speaker diarization for many sessions with one shared model. Holds no session state:
 * each call takes a session's {@link DiarizationState} and returns the next one with the speaker
 * activities it could compute — a pure function of state and audio, so it fits a keyed Flink
 * operator and recovers exactly.
 *
 * <p>Each model call predicts {@code chunkLen} 80 ms frames and looks {@code rightContext} frames
 * ahead, so activities for a sound arrive once {@link StreamingParams#latencySeconds()} (+ 16 ms of
 * front-end look-ahead) of later audio has been received.
 */
public final class StreamingDiarizer {

  private static final int SAMPLES_PER_FRAME = SUBSAMPLING * LogMelSpectrogram.HOP;

  private final SortformerModel model;
  private final StreamingParams params;
  // the ASR's log-mel without per-feature normalisation (the streaming Sortformer preprocessor has
  // normalize: NA)
  private final LogMelSpectrogram features = new LogMelSpectrogram(FEATURES);

  public StreamingDiarizer(SortformerModel model) {
    this.model = model;
    this.params = model.streaming();
  }

  public StreamingParams params() {
    return params;
  }

  /** A session's result: its next state and the newly computed frames (possibly none). */
  public record Step(DiarizationState state, SpeakerActivity activity) {}

  /** Adds audio (16 kHz mono floats) and runs every chunk that now has its full look-ahead. */
  public Step accept(DiarizationState state, float[] samples) {
    DiarizationState s =
        new DiarizationState(
            state.nextFrame(),
            state.audioStart(),
            FrameArrays.concat(state.audio(), samples),
            state.spkcache(),
            state.spkcachePreds(),
            state.cachePredsKnown(),
            state.fifo(),
            state.fifoPreds(),
            state.silenceMean(),
            state.silenceFrames());
    SpeakerActivity out = SpeakerActivity.empty(state.nextFrame());
    int window = params.chunkLen() + params.rightContext();
    while (s.samplesReceived()
        >= (s.nextFrame() + window) * SAMPLES_PER_FRAME + LogMelSpectrogram.HALF_FRAME) {
      Step step = chunk(s, window * SUBSAMPLING, params.chunkLen());
      s = step.state();
      out = out.append(step.activity());
    }
    return new Step(s, out);
  }

  /** End of the session's audio: computes the remaining frames (look-ahead padded with silence). */
  public Step flush(DiarizationState state) {
    long totalFrames = ceilDiv(state.samplesReceived() / LogMelSpectrogram.HOP, SUBSAMPLING);
    DiarizationState s = state;
    SpeakerActivity out = SpeakerActivity.empty(state.nextFrame());
    int window = params.chunkLen() + params.rightContext();
    while (s.nextFrame() < totalFrames) {
      long validFeatureFrames =
          state.samplesReceived() / LogMelSpectrogram.HOP - s.nextFrame() * SUBSAMPLING;
      int valid = (int) Math.min(window * SUBSAMPLING, validFeatureFrames);
      int keep = (int) Math.min(params.chunkLen(), totalFrames - s.nextFrame());
      Step step = chunk(s, valid, keep);
      s = step.state();
      out = out.append(step.activity());
    }
    return new Step(s, out);
  }

  private Step chunk(DiarizationState s, int validFeatureFrames, int maxKeep) {
    int window = (params.chunkLen() + params.rightContext()) * SUBSAMPLING;
    long firstFeature = s.nextFrame() * SUBSAMPLING;
    float[] chunk = new float[window * FEATURES];
    float[] computed = features.logMel(s.audio(), s.audioStart(), firstFeature, validFeatureFrames);
    System.arraycopy(computed, 0, chunk, 0, computed.length);

    SortformerModel.Output out = model.run(chunk, validFeatureFrames, s.spkcache(), s.fifo());
    int cacheFrames = s.spkcache().length / EMBEDDING;
    int fifoFrames = s.fifo().length / EMBEDDING;
    int keep = Math.min(maxKeep, Math.min(out.validEmbFrames(), out.embFrames()));
    if (keep <= 0) {
      throw new IllegalStateException(
          "Sortformer returned no frames for " + validFeatureFrames + " feature frames");
    }
    int chunkStart = cacheFrames + fifoFrames;
    float[] modelCachePreds = FrameArrays.frames(out.preds(), SPEAKERS, 0, cacheFrames);
    float[] fifoPreds = FrameArrays.frames(out.preds(), SPEAKERS, cacheFrames, chunkStart);
    float[] chunkPreds = FrameArrays.frames(out.preds(), SPEAKERS, chunkStart, chunkStart + keep);
    float[] chunkEmbs = FrameArrays.frames(out.embeddings(), EMBEDDING, 0, keep);

    long nextFrame = s.nextFrame() + keep;
    long keepFrom =
        Math.min(s.samplesReceived(), LogMelSpectrogram.firstSampleNeeded(nextFrame * SUBSAMPLING));
    float[] audio =
        Arrays.copyOfRange(s.audio(), (int) (keepFrom - s.audioStart()), s.audio().length);
    DiarizationState next =
        SpeakerCacheUpdate.apply(
            s,
            params,
            modelCachePreds,
            fifoPreds,
            chunkEmbs,
            chunkPreds,
            nextFrame,
            keepFrom,
            audio);
    return new Step(next, new SpeakerActivity(s.nextFrame(), chunkPreds));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
