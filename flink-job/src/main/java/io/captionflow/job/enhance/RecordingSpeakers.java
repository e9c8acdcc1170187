package io.captionflow.job.enhance;

import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.streaming.DiarizationState;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.diarization.timeline.SpeakerAssignment;
import io.captionflow.diarization.timeline.SpeakerTimeline;
import io.captionflow.diarization.timeline.WordSpeakerAssigner;
import io.captionflow.job.confirmation.ConfirmedWord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Speakers of a whole recording: Sortformer over every sample (the model's own chunking, with its
 * speaker cache carrying the numbering through the recording), kept whole, and each word given the
 * speaker most active over it exactly as the live job's {@link WordSpeakerAssigner} does.
 */
final class RecordingSpeakers {

  /** Audio fed to the diarizer per call: one second keeps its buffered audio small. */
  private static final int BLOCK_SAMPLES = RunAudio.SAMPLE_RATE;

  private final SpeakerTimeline timeline;
  private final WordSpeakerAssigner assigner = new WordSpeakerAssigner();

  private RecordingSpeakers(SpeakerTimeline timeline) {
    this.timeline = timeline;
  }

  /** Diarizes {@code samples} (16 kHz mono, the recording as the live diarizer heard it). */
  static RecordingSpeakers of(StreamingDiarizer diarizer, float[] samples, int maxSpeakers) {
    int frames =
        (int) Math.ceil(samples.length / (SortformerModel.FRAME_SECONDS * RunAudio.SAMPLE_RATE));
    // every frame stays: a word anywhere in the recording can be attributed
    SpeakerTimeline timeline = new SpeakerTimeline(maxSpeakers, frames + 1);
    DiarizationState state = DiarizationState.initial();
    for (int from = 0; from < samples.length; from += BLOCK_SAMPLES) {
      float[] block =
          Arrays.copyOfRange(samples, from, Math.min(samples.length, from + BLOCK_SAMPLES));
      StreamingDiarizer.Step step = diarizer.accept(state, block);
      timeline.append(step.activity());
      state = step.state();
    }
    timeline.append(diarizer.flush(state).activity());
    return new RecordingSpeakers(timeline);
  }

  /** The words with their speakers; a word ending past the diarized audio keeps none. */
  List<ConfirmedWord> attribute(List<ConfirmedWord> words) {
    List<ConfirmedWord> out = new ArrayList<>(words.size());
    for (ConfirmedWord w : words) {
      Optional<SpeakerAssignment> a = assigner.assign(timeline, w.startSeconds(), w.endSeconds());
      out.add(a.map(s -> w.withSpeaker(s.speaker(), s.overlap())).orElse(w));
    }
    return out;
  }
}
