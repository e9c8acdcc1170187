package io.captionflow.job.inference;

import io.captionflow.asr.vad.VadModel;
import io.captionflow.asr.vad.VadStreamState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A session's voice activity on the audio clock: one speech flag per VAD frame for the last {@code
 * capacityFrames} frames, the detector's recurrent state, and the speaking/quiet state with a
 * minimum pause, so pauses and speech changes are decided from the audio alone. A frame is speech
 * when the shared {@link VadModel} scores it 0.5 or more (the RMS model: RMS ≥ 0.01f at −40 dB).
 * The model's memory is stored as one float array, model state then context, so a recovered session
 * decides exactly as before.
 */
public final class VadTrack {

  /** A change between speaking and quiet, at a session sample. */
  public record Change(boolean speaking, long atSample) {}

  /** Minimum pause: 0.32 s of non-speech frames. */
  public static final int MIN_PAUSE_SAMPLES = 5_120;

  private final VadModel vad;
  private final int frameSamples = VadModel.FRAME_SAMPLES;
  private final boolean[] flags;
  private final VadStreamState memory;
  private float[] partial;
  private int partialLength;
  private long frames;
  private boolean speaking;
  private long quietRun;

  public VadTrack(VadModel vad, int capacityFrames) {
    this(
        vad,
        new boolean[capacityFrames],
        vad.initialState(),
        new float[VadModel.FRAME_SAMPLES],
        0,
        0,
        false,
        0);
  }

  private VadTrack(
      VadModel vad,
      boolean[] flags,
      VadStreamState memory,
      float[] partial,
      int partialLength,
      long frames,
      boolean speaking,
      long quietRun) {
    this.vad = vad;
    this.flags = flags;
    // only the model's memory is kept: frames are assembled here, not in the model's pending array
    this.memory = new VadStreamState(memory.modelState(), memory.context(), new float[0], 0, 0);
    this.partial = partial;
    this.partialLength = partialLength;
    this.frames = frames;
    this.speaking = speaking;
    this.quietRun = quietRun;
  }

  /** Starts the track at a session sample other than 0 (frames are counted from there). */
  public static VadTrack startingAt(VadModel vad, int capacityFrames, long sample) {
    VadTrack t = new VadTrack(vad, capacityFrames);
    t.frames = sample / t.frameSamples;
    t.partialLength = (int) (sample % t.frameSamples);
    return t;
  }

  /** Whether speech is going on: false once a pause of {@link #MIN_PAUSE_SAMPLES} has begun. */
  public boolean speaking() {
    return speaking;
  }

  /** Scores the new samples; returns speaking/quiet changes they caused. */
  public List<Change> push(float[] samples, int offset, int length) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < length; ) {
      int n = Math.min(frameSamples - partialLength, length - i);
      System.arraycopy(samples, offset + i, partial, partialLength, n);
      partialLength += n;
      i += n;
      if (partialLength == frameSamples) {
        boolean speech = vad.speechProbability(partial, memory) >= 0.5f;
        flags[(int) (frames % flags.length)] = speech;
        long frameStart = frames * frameSamples;
        frames++;
        partialLength = 0;
        if (speech) {
          quietRun = 0;
          if (!speaking) {
            speaking = true;
            changes.add(new Change(true, frameStart));
          }
        } else if (speaking && ++quietRun * frameSamples >= MIN_PAUSE_SAMPLES) {
          speaking = false;
          changes.add(new Change(false, frameStart - (quietRun - 1) * frameSamples));
        }
      }
    }
    return changes;
  }

  /** Pushes silence (a gap standing in for lost chunks). */
  public List<Change> pushSilence(long length) {
    List<Change> changes = new ArrayList<>();
    float[] zeros = new float[frameSamples];
    for (long left = length; left > 0; left -= zeros.length) {
      changes.addAll(push(zeros, 0, (int) Math.min(zeros.length, left)));
    }
    return changes;
  }

  /** Whether any scored frame overlapping [from, to) is speech. */
  public boolean hasSpeech(long from, long to) {
    for (long f = firstFrame(from); f < frames && f * frameSamples < to; f++) {
      if (flags[(int) (f % flags.length)]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Start sample of the latest pause (≥ {@link #MIN_PAUSE_SAMPLES} of non-speech, possibly still
   * going on) among the frames in [from, to), or -1 if there is none.
   */
  public long latestPauseStart(long from, long to) {
    long last = Math.min(frames, to / frameSamples);
    long first = firstFrame(from);
    long runEnd = -1;
    int at = (int) Math.floorMod(last - 1, (long) flags.length); // walked back, no modulo per frame
    for (long f = last - 1; f >= first; f--, at = at == 0 ? flags.length - 1 : at - 1) {
      boolean speech = flags[at];
      if (!speech && runEnd < 0) {
        runEnd = f + 1;
      }
      if (speech && runEnd >= 0) {
        if ((runEnd - f - 1) * frameSamples >= MIN_PAUSE_SAMPLES) {
          return (f + 1) * frameSamples;
        }
        runEnd = -1;
      }
    }
    if (runEnd >= 0 && (runEnd - first) * frameSamples >= MIN_PAUSE_SAMPLES) {
      return first * frameSamples;
    }
    return -1;
  }

  private long firstFrame(long from) {
    return Math.max(Math.max(0, frames - flags.length), from / frameSamples);
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(flags.length);
    for (boolean f : flags) {
      out.writeBoolean(f);
    }
    out.writeInt(memory.modelState().length + memory.context().length);
    for (float s : memory.modelState()) {
      out.writeFloat(s);
    }
    for (float s : memory.context()) {
      out.writeFloat(s);
    }
    out.writeInt(partialLength);
    for (int i = 0; i < partialLength; i++) {
      out.writeFloat(partial[i]);
    }
    out.writeLong(frames);
    out.writeBoolean(speaking);
    out.writeLong(quietRun);
  }

  public static VadTrack read(DataInput in, VadModel vad) throws IOException {
    boolean[] flags = new boolean[in.readInt()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = in.readBoolean();
    }
    float[] state = new float[in.readInt()];
    for (int i = 0; i < state.length; i++) {
      state[i] = in.readFloat();
    }
    float[] partial = new float[VadModel.FRAME_SAMPLES];
    int partialLength = in.readInt();
    for (int i = 0; i < partialLength; i++) {
      partial[i] = in.readFloat();
    }
    return new VadTrack(
        vad,
        flags,
        memoryOf(vad, state),
        partial,
        partialLength,
        in.readLong(),
        in.readBoolean(),
        in.readLong());
  }

  /**
   * The stored memory split as the model lays it out; memory stored under another model (a session
   * restored where Silero is, or is not, configured) cannot be continued, so the model starts
   * afresh.
   */
  private static VadStreamState memoryOf(VadModel vad, float[] stored) {
    VadStreamState initial = vad.initialState();
    int modelLength = initial.modelState().length;
    if (stored.length != modelLength + initial.context().length) {
      return initial;
    }
    return new VadStreamState(
        Arrays.copyOfRange(stored, 0, modelLength),
        Arrays.copyOfRange(stored, modelLength, stored.length),
        new float[0],
        0,
        0);
  }
}
