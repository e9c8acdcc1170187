package io.captionflow.asr.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's VAD: a {@link VadStream} scoring frames and a {@link SpeechSegmenter} turning them
 * into events.
 */
public final class VoiceActivityDetector {

  private final VadStream stream;
  private final SpeechSegmenter segmenter;

  public VoiceActivityDetector(VadModel model, SegmenterConfig config) {
    this(model.newStream(), new SpeechSegmenter(config));
  }

  public VoiceActivityDetector(VadStream stream, SpeechSegmenter segmenter) {
    this.stream = stream;
    this.segmenter = segmenter;
  }

  public VadStream stream() {
    return stream;
  }

  public SpeechSegmenter segmenter() {
    return segmenter;
  }

  public List<SpeechEvent> accept(float[] samples) {
    List<SpeechEvent> out = new ArrayList<>();
    for (VadStream.ScoredFrame f : stream.accept(samples)) {
      out.addAll(segmenter.accept(f.startSample(), VadModel.FRAME_SAMPLES, f.probability()));
    }
    return out;
  }

  public List<SpeechEvent> finish() {
    return segmenter.finish();
  }

  /** The finished speech segments of a whole recording. */
  public static List<SpeechEvent.SpeechSegment> segments(
      VadModel model, SegmenterConfig config, float[] samples) {
    VoiceActivityDetector vad = new VoiceActivityDetector(model, config);
    List<SpeechEvent> events = new ArrayList<>(vad.accept(samples));
    events.addAll(vad.finish());
    return events.stream()
        .filter(e -> e instanceof SpeechEvent.SpeechSegment)
        .map(e -> (SpeechEvent.SpeechSegment) e)
        .toList();
  }
}
