package io.captionflow.diarization.streaming;

import io.captionflow.diarization.timeline.SpeakerAssignment;
import io.captionflow.diarization.timeline.SpeakerTimeline;
import io.captionflow.diarization.timeline.WordSpeakerAssigner;
import java.util.Optional;

/**
 * One session's diarization: feeds its audio to the shared {@link StreamingDiarizer}, keeps the
 * activities that unconfirmed words may still need, and attributes words. {@link #state()} is
 * everything to checkpoint; {@link #restore} continues with the same speaker numbering.
 */
public final class SessionDiarizer {

  /**
   * Activities kept at most (a bound even if words are never confirmed): 2 minutes of 80 ms frames.
   */
  public static final int MAX_TIMELINE_FRAMES = 1_500;

  private final StreamingDiarizer diarizer;
  private final WordSpeakerAssigner assigner;
  private final SpeakerTimeline timeline;
  private DiarizationState stream;

  /** Plain-value state of one session, for Flink keyed state. */
  public record State(DiarizationState stream, SpeakerTimeline.Snapshot timeline) {}

  public SessionDiarizer(StreamingDiarizer diarizer, int maxSpeakers) {
    this(
        diarizer,
        new State(
            DiarizationState.initial(),
            new SpeakerTimeline(maxSpeakers, MAX_TIMELINE_FRAMES).snapshot()));
  }

  private SessionDiarizer(StreamingDiarizer diarizer, State state) {
    this.diarizer = diarizer;
    this.assigner = new WordSpeakerAssigner();
    this.timeline = SpeakerTimeline.restore(state.timeline());
    this.stream = state.stream();
  }

  public static SessionDiarizer restore(StreamingDiarizer diarizer, State state) {
    return new SessionDiarizer(diarizer, state);
  }

  /** Adds session audio (16 kHz mono, in order); returns the activities that became known. */
  public SpeakerActivity accept(float[] samples) {
    StreamingDiarizer.Step step = diarizer.accept(stream, samples);
    stream = step.state();
    timeline.append(step.activity());
    return step.activity();
  }

  /** End of the session's audio: computes the last frames. */
  public SpeakerActivity flush() {
    StreamingDiarizer.Step step = diarizer.flush(stream);
    stream = step.state();
    timeline.append(step.activity());
    return step.activity();
  }

  /**
   * Speaker of a word spanning session seconds {@code [start, end]}; empty until the activities
   * reach {@code end}.
   */
  public Optional<SpeakerAssignment> assign(double start, double end) {
    return assigner.assign(timeline, start, end);
  }

  /** Words before {@code seconds} are settled: their activities are forgotten. */
  public void confirmBefore(double seconds) {
    timeline.discardBefore(seconds);
  }

  /** Session seconds up to which words can be attributed. */
  public double coveredUntilSeconds() {
    return timeline.coveredUntilSeconds();
  }

  public State state() {
    return new State(stream, timeline.snapshot());
  }
}
