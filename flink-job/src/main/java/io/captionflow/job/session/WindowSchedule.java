package io.captionflow.job.session;

import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The window modes: every interval, the last buffer of audio (on the encoder's frame grid) is
 * decoded whole, and the confirmer compares successive hypotheses.
 */
final class WindowSchedule implements OfflineSchedule {

  /**
   * Silence appended to the last decode of a stream, so no real word sits in the last half second
   * of its window, where a model flickers; 8 encoder frames.
   */
  static final long FLUSH_PADDING_SAMPLES = 8L * AudioRing.FRAME_SAMPLES;

  private static final int FRAME = AudioRing.FRAME_SAMPLES;

  private final SessionSettings settings;
  private final WindowDecoder decoder;
  private long nextDecodeAt;

  WindowSchedule(SessionSettings settings, WindowDecoder decoder, long nextDecodeAt) {
    this.settings = settings;
    this.decoder = decoder;
    this.nextDecodeAt = nextDecodeAt;
  }

  @Override
  public long nextBoundary() {
    return nextDecodeAt;
  }

  @Override
  public long nextDecodeAt() {
    return nextDecodeAt;
  }

  @Override
  public DueDecode due(SessionAudio audio) {
    return windowDue(audio, false);
  }

  @Override
  public void flush(SessionAudio audio, Consumer<DueDecode> runAlone) {
    runAlone.accept(windowDue(audio, true));
  }

  @Override
  public TokenConfirmer.Decision runAlone(
      DueDecode d, SessionAudio audio, TokenConfirmer confirmer, SessionOutput out) {
    return complete(d, d.needsModel() ? decoder.decode(request(d)) : null, confirmer, out);
  }

  @Override
  public WindowDecoder.Request request(DueDecode d) {
    return WindowDecoder.Request.fullWindow(d.window(), d.windowStart());
  }

  @Override
  public TokenConfirmer.Decision complete(
      DueDecode d, WindowDecoder.Result result, TokenConfirmer confirmer, SessionOutput out) {
    return confirmer.decide(OfflineSchedule.heard(d, result, out), d.confirm());
  }

  private DueDecode windowDue(SessionAudio audio, boolean flush) {
    long end = audio.totalSamples();
    long start =
        Math.max(
            audio.oldestSample(), Math.floorDiv(end - settings.bufferSamples(), FRAME) * FRAME);
    float[] window = null;
    if (end > start && audio.hasSpeech(start, end)) {
      window = audio.read(start, end);
      if (flush) {
        window = Arrays.copyOf(window, (int) (window.length + FLUSH_PADDING_SAMPLES));
      }
    }
    long nextStart =
        Math.floorDiv(end + settings.intervalSamples() - settings.bufferSamples(), FRAME) * FRAME;
    double forceBefore =
        nextStart > start ? SessionAudio.seconds(nextStart + 2L * FRAME) : Double.NEGATIVE_INFINITY;
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            SessionAudio.seconds(start),
            SessionAudio.seconds(end),
            settings.confirmSeconds(),
            DecodeSchedule.pauseStart(settings, audio, start, end),
            settings.lookahead(),
            forceBefore,
            flush,
            true);
    nextDecodeAt = end + settings.intervalSamples();
    return new DueDecode(window, start, end, false, false, 0, 0, flush, w, System.nanoTime());
  }
}
