package io.captionflow.job.session;

import io.captionflow.asr.DecoderState;
import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.VadTrack;
import io.captionflow.job.inference.WindowDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chunked mode: each chunk of audio is decoded once its right context has arrived, with left
 * context before it, continuing the decoder state (and frames carried over) its predecessor left.
 */
final class ChunkedSchedule implements OfflineSchedule {

  private static final int FRAME = AudioRing.FRAME_SAMPLES;

  private final SessionSettings settings;
  private final WindowDecoder decoder;

  /** The start of the next chunk. */
  private long nextDecodeAt;

  private DecoderState decoderState;
  private int carryFrames;

  /** Words heard and not yet confirmed: the start of the next chunk's hypothesis. */
  private List<TimedToken> pendingTokens;

  ChunkedSchedule(
      SessionSettings settings,
      WindowDecoder decoder,
      long nextDecodeAt,
      DecoderState decoderState,
      int carryFrames,
      List<TimedToken> pendingTokens) {
    this.settings = settings;
    this.decoder = decoder;
    this.nextDecodeAt = nextDecodeAt;
    this.decoderState = decoderState;
    this.carryFrames = carryFrames;
    this.pendingTokens = new ArrayList<>(pendingTokens);
  }

  @Override
  public long nextBoundary() {
    return nextDecodeAt + settings.intervalSamples() + settings.confirmSamples();
  }

  @Override
  public long nextDecodeAt() {
    return nextDecodeAt;
  }

  DecoderState decoderState() {
    return decoderState;
  }

  int carryFrames() {
    return carryFrames;
  }

  List<TimedToken> pendingTokens() {
    return List.copyOf(pendingTokens);
  }

  @Override
  public DueDecode due(SessionAudio audio) {
    return chunkDue(audio, false, false);
  }

  /**
   * The end of the stream may hold more than one chunk: they are all decoded, the last flushing.
   */
  @Override
  public void flush(SessionAudio audio, Consumer<DueDecode> runAlone) {
    do {
      runAlone.accept(
          chunkDue(audio, true, nextDecodeAt + settings.intervalSamples() >= audio.totalSamples()));
    } while (nextDecodeAt < audio.totalSamples());
  }

  @Override
  public TokenConfirmer.Decision runAlone(
      DueDecode d, SessionAudio audio, TokenConfirmer confirmer, SessionOutput out) {
    return complete(d, d.needsModel() ? decoder.decode(request(d)) : null, confirmer, out);
  }

  @Override
  public WindowDecoder.Request request(DueDecode d) {
    return new WindowDecoder.Request(
        d.window(), d.windowStart(), d.firstFrame() + carryFrames, d.toFrame(), decoderState);
  }

  @Override
  public TokenConfirmer.Decision complete(
      DueDecode d, WindowDecoder.Result result, TokenConfirmer confirmer, SessionOutput out) {
    List<TimedToken> hypothesis = new ArrayList<>(pendingTokens);
    hypothesis.addAll(OfflineSchedule.heard(d, result, out));
    if (result != null) {
      decoderState = result.state();
      carryFrames = Math.max(0, result.nextFrame() - d.toFrame());
    } else {
      carryFrames = 0;
    }
    TokenConfirmer.Decision decision = confirmer.decide(hypothesis, d.confirm());
    pendingTokens = new ArrayList<>(decision.pendingTokens());
    return decision;
  }

  /**
   * {@code ending}: the stream ends within the chunk's right context, which silence completes;
   * {@code flush}: this is its last chunk, everything pending is confirmed.
   */
  private DueDecode chunkDue(SessionAudio audio, boolean ending, boolean flush) {
    long total = audio.totalSamples();
    long chunkStart = nextDecodeAt;
    long chunkEnd = Math.min(chunkStart + settings.intervalSamples(), total);
    long windowStart = Math.max(audio.oldestSample(), chunkStart - settings.leftContextSamples());
    float[] window = null;
    if (chunkEnd > chunkStart && audio.hasSpeech(windowStart, total)) {
      window = audio.read(windowStart, total);
      if (ending) {
        window = Arrays.copyOf(window, (int) (window.length + settings.confirmSamples()));
      }
    }
    int firstFrame = (int) ((chunkStart - windowStart) / FRAME);
    int toFrame = (int) ((chunkEnd - windowStart + FRAME - 1) / FRAME);
    // Only a pause starting inside the decoded chunk proves the words before it are complete.
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            SessionAudio.seconds(chunkStart),
            SessionAudio.seconds(chunkEnd),
            0,
            DecodeSchedule.pauseStart(
                settings,
                audio,
                chunkStart,
                Math.min(total, chunkEnd + VadTrack.MIN_PAUSE_SAMPLES)),
            true,
            SessionAudio.seconds(chunkEnd) - settings.bufferSeconds(),
            flush,
            false);
    nextDecodeAt = chunkEnd;
    return new DueDecode(
        window, windowStart, total, true, false, firstFrame, toFrame, ending, w, System.nanoTime());
  }
}
