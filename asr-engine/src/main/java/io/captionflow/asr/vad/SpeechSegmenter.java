package io.captionflow.asr.vad;

import io.captionflow.asr.vad.SpeechEvent.SpeechSegment;
import io.captionflow.asr.vad.SpeechEvent.SpeechStart;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-frame speech probabilities into speech segments with hysteresis: speech starts at a
 * frame ≥ onThreshold once it has lasted minSpeech without dropping below offThreshold; it ends
 * after minSilence of frames below onThreshold that began with one below offThreshold. Its whole
 * state is {@link State}, plain values for Flink keyed state.
 */
public final class SpeechSegmenter {

  /**
   * Segmenter memory: phase, where the candidate speech / current pause began, and the last frame
   * end.
   */
  public record State(Phase phase, long speechStart, long silenceStart, long lastFrameEnd) {
    public static final State INITIAL = new State(Phase.SILENCE, 0, 0, 0);
  }

  public enum Phase {
    SILENCE,
    CANDIDATE,
    SPEECH,
    PAUSE
  }

  private final SegmenterConfig config;
  private final long minSpeech;
  private final long minSilence;
  private final long pad;
  private State state;

  public SpeechSegmenter(SegmenterConfig config) {
    this(config, State.INITIAL);
  }

  public SpeechSegmenter(SegmenterConfig config, State state) {
    this.config = config;
    this.minSpeech = samples(config.minSpeechMs());
    this.minSilence = samples(config.minSilenceMs());
    this.pad = samples(config.padMs());
    this.state = state;
  }

  private static long samples(int ms) {
    return (long) ms * VadModel.SAMPLE_RATE / 1000;
  }

  public State state() {
    return state;
  }

  /** Feeds one frame [startSample, startSample + frameSamples) with its probability. */
  public List<SpeechEvent> accept(long startSample, int frameSamples, float p) {
    List<SpeechEvent> out = new ArrayList<>(1);
    long end = startSample + frameSamples;
    Phase phase = state.phase();
    long speechStart = state.speechStart();
    long silenceStart = state.silenceStart();
    switch (phase) {
      case SILENCE -> {
        if (p >= config.onThreshold()) {
          phase = Phase.CANDIDATE;
          speechStart = startSample;
        }
      }
      case CANDIDATE -> {
        if (p < config.offThreshold()) {
          phase = Phase.SILENCE;
        }
      }
      case SPEECH -> {
        if (p < config.offThreshold()) {
          phase = Phase.PAUSE;
          silenceStart = startSample;
        }
      }
      case PAUSE -> {
        if (p >= config.onThreshold()) {
          phase = Phase.SPEECH;
        }
      }
    }
    if (phase == Phase.CANDIDATE && end - speechStart >= Math.max(minSpeech, 1)) {
      phase = Phase.SPEECH;
      out.add(new SpeechStart(Math.max(0, speechStart - pad)));
    }
    if (phase == Phase.PAUSE && end - silenceStart >= minSilence) {
      phase = Phase.SILENCE;
      out.add(new SpeechSegment(Math.max(0, speechStart - pad), Math.min(end, silenceStart + pad)));
    }
    state = new State(phase, speechStart, silenceStart, end);
    return out;
  }

  /** Ends the stream: closes a segment still open at the last frame's end. */
  public List<SpeechEvent> finish() {
    List<SpeechEvent> out = new ArrayList<>(1);
    if (state.phase() == Phase.SPEECH || state.phase() == Phase.PAUSE) {
      long end =
          state.phase() == Phase.PAUSE
              ? Math.min(state.lastFrameEnd(), state.silenceStart() + pad)
              : state.lastFrameEnd();
      out.add(new SpeechSegment(Math.max(0, state.speechStart() - pad), end));
    }
    state = new State(Phase.SILENCE, 0, 0, state.lastFrameEnd());
    return out;
  }
}
