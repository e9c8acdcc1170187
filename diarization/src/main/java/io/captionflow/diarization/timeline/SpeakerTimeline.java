package io.captionflow.diarization.timeline;

import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.streaming.SpeakerActivity;
import java.util.Arrays;

/**
 * A session's recent speaker activities in session time, for attributing words: frames are appended
 * as the diarizer emits them and dropped once no unconfirmed word can need them ({@link
 * #discardBefore}), or when more than {@code maxFrames} are held. Only the first {@code
 * maxSpeakers} speaker slots are kept (Sortformer numbers speakers in order of arrival, so these
 * are the first speakers heard). Its fields are plain values, so it can live in Flink keyed state
 * as is ({@link #snapshot}/{@link #restore}).
 */
public final class SpeakerTimeline {

  private final int maxSpeakers;
  private final int maxFrames;
  private long firstFrame;
  private float[] probs; // frame-major, maxSpeakers per frame
  private int frames;

  public SpeakerTimeline(int maxSpeakers, int maxFrames) {
    if (maxSpeakers < 1 || maxSpeakers > SortformerModel.SPEAKERS) {
      throw new IllegalArgumentException(
          "max speakers must be 1 to " + SortformerModel.SPEAKERS + ", got " + maxSpeakers);
    }
    if (maxFrames < 1) {
      throw new IllegalArgumentException("maxFrames must be positive, got " + maxFrames);
    }
    this.maxSpeakers = maxSpeakers;
    this.maxFrames = maxFrames;
    this.probs = new float[0];
  }

  /** Timeline state as plain values. */
  public record Snapshot(int maxSpeakers, int maxFrames, long firstFrame, float[] probs) {}

  public Snapshot snapshot() {
    return new Snapshot(
        maxSpeakers, maxFrames, firstFrame, Arrays.copyOf(probs, frames * maxSpeakers));
  }

  public static SpeakerTimeline restore(Snapshot s) {
    SpeakerTimeline t = new SpeakerTimeline(s.maxSpeakers(), s.maxFrames());
    t.firstFrame = s.firstFrame();
    t.probs = s.probs().clone();
    t.frames = s.probs().length / s.maxSpeakers();
    return t;
  }

  public int maxSpeakers() {
    return maxSpeakers;
  }

  /** First frame still held. */
  public long firstFrame() {
    return firstFrame;
  }

  /** One past the last frame received. */
  public long endFrame() {
    return firstFrame + frames;
  }

  /** Session seconds up to which activities are known: words ending later must wait. */
  public double coveredUntilSeconds() {
    return endFrame() * SortformerModel.FRAME_SECONDS;
  }

  public void append(SpeakerActivity activity) {
    long from = activity.firstFrame();
    if (frames == 0) {
      firstFrame =
          Math.max(
              firstFrame,
              from); // nothing held: start here (frames before firstFrame were discarded)
    } else if (from != endFrame()) {
      throw new IllegalArgumentException(
          "activity starts at frame " + from + ", expected " + endFrame());
    }
    int skip = (int) Math.max(0, firstFrame - from);
    int add = activity.frames() - skip;
    if (add <= 0) {
      return;
    }
    if ((frames + add) * maxSpeakers > probs.length) {
      probs = Arrays.copyOf(probs, Math.max((frames + add) * maxSpeakers, probs.length * 2));
    }
    for (int f = 0; f < add; f++) {
      for (int k = 0; k < maxSpeakers; k++) {
        probs[(frames + f) * maxSpeakers + k] = activity.probability(from + skip + f, k);
      }
    }
    frames += add;
    if (frames > maxFrames) {
      drop(frames - maxFrames);
    }
  }

  /** Forgets frames that end at or before {@code seconds} (words up to there are settled). */
  public void discardBefore(double seconds) {
    long frame = (long) Math.floor(seconds / SortformerModel.FRAME_SECONDS + 1e-9);
    if (frame > firstFrame) {
      drop((int) Math.min(frames, frame - firstFrame));
      if (frames == 0) {
        firstFrame = Math.max(firstFrame, frame);
      }
    }
  }

  /** Activity of {@code speaker} in frame {@code frame}; 0 outside what is held. */
  public float probability(long frame, int speaker) {
    if (frame < firstFrame || frame >= endFrame()) {
      return 0f;
    }
    return probs[(int) (frame - firstFrame) * maxSpeakers + speaker];
  }

  private void drop(int n) {
    System.arraycopy(probs, n * maxSpeakers, probs, 0, (frames - n) * maxSpeakers);
    frames -= n;
    firstFrame += n;
  }
}
