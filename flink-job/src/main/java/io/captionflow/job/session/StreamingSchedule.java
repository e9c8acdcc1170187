package io.captionflow.job.session;

import io.captionflow.asr.Token;
import io.captionflow.asr.cacheaware.CacheAwareMetadata;
import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.features.KaldiFbank;
import io.captionflow.job.confirmation.TimedToken;
import io.captionflow.job.confirmation.TokenConfirmer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cache-aware streaming: the model's stream hears every sample, and a decode falls due each time
 * its next window is whole; a word is final once the next word starts or a pause begins.
 */
final class StreamingSchedule implements DecodeSchedule {

  /** A streaming token stands only where the VAD heard speech this close before or after it. */
  private static final long SPEECH_NEAR_TOKEN_SAMPLES = AudioRing.SAMPLE_RATE;

  private final SessionSettings settings;
  private final StreamingRecognizer model;

  /**
   * The model's per-session state, kept in memory only (megabytes of caches); after a restore it is
   * re-warmed from the ring ({@link #stream}).
   */
  private CacheAwareStream stream;

  /** The session sample at the stream's first sample. */
  private final long origin;

  /** Windows scheduled since {@link #origin}. */
  private long windows;

  /**
   * The session sample the current stream's token times count from ({@link #origin}, or after a
   * re-warm the window boundary it started at).
   */
  private long tokenOrigin;

  private long nextDecodeAt;

  /** Words heard and not yet confirmed: the start of the next window's hypothesis. */
  private List<TimedToken> pendingTokens;

  /** A schedule restored from state: its stream is re-warmed from the ring when first needed. */
  StreamingSchedule(
      SessionSettings settings,
      StreamingRecognizer model,
      long origin,
      long windows,
      long nextDecodeAt,
      List<TimedToken> pendingTokens) {
    this.settings = settings;
    this.model = model;
    this.origin = origin;
    this.windows = windows;
    this.nextDecodeAt = nextDecodeAt;
    this.pendingTokens = new ArrayList<>(pendingTokens);
  }

  static StreamingSchedule startingAt(
      SessionSettings settings, StreamingRecognizer model, long at) {
    StreamingSchedule s = new StreamingSchedule(settings, model, at, 0, 0, List.of());
    s.stream = model.newStream();
    s.tokenOrigin = at;
    s.nextDecodeAt = s.windowBoundary();
    return s;
  }

  @Override
  public long nextBoundary() {
    return nextDecodeAt;
  }

  @Override
  public long nextDecodeAt() {
    return nextDecodeAt;
  }

  long origin() {
    return origin;
  }

  long windows() {
    return windows;
  }

  List<TimedToken> pendingTokens() {
    return List.copyOf(pendingTokens);
  }

  /** The session sample at which the stream's next window is whole (kaldi's frame rule). */
  private long windowBoundary() {
    CacheAwareMetadata m = model.metadata();
    return origin + KaldiFbank.samplesNeededFor(windows * m.chunkShift() + m.windowSize());
  }

  private long chunkSamples() {
    return (long) model.metadata().chunkShift() * KaldiFbank.FRAME_SHIFT;
  }

  /** Feeds the ring's newest samples to the stream. */
  @Override
  public void appended(SessionAudio audio, boolean silence, long length) {
    if (stream == null) {
      stream(audio); // the re-warm replays the ring, these samples included
      return;
    }
    if (silence) {
      stream.accept(new float[(int) length], 0, (int) length);
    } else {
      // what the ring keeps (PCM16-rounded), so a re-warm from the ring hears the same audio
      long end = audio.totalSamples();
      stream.accept(audio.read(end - length, end), 0, (int) length);
    }
  }

  /**
   * The session's model stream; after a restore, re-warmed first: a fresh stream hears the ring's
   * audio from a window boundary on, and the windows decoded before the checkpoint are decoded
   * again with their tokens dropped (they were emitted then), so the caches hold recent audio again
   * and the windows after it continue the same grid.
   */
  CacheAwareStream stream(SessionAudio audio) {
    if (stream != null) {
      return stream;
    }
    long chunk = chunkSamples();
    long skipped = Math.max(0, Math.floorDiv(audio.oldestSample() - origin + chunk - 1, chunk));
    long from = origin + skipped * chunk;
    stream = model.newStream();
    long done = Math.max(0, windows - skipped);
    if (audio.totalSamples() > from) {
      float[] samples = audio.read(from, audio.totalSamples());
      stream.accept(samples, 0, samples.length);
    }
    for (long w = 0; w < done && stream.isReady(); w++) {
      model.decode(List.of(stream));
      stream.takeTokens();
    }
    tokenOrigin = from;
    return stream;
  }

  @Override
  public DueDecode due(SessionAudio audio) {
    return windowDue(audio, false);
  }

  /** The export has no flush of its own: silence completes the last windows. */
  @Override
  public void flush(SessionAudio audio, Consumer<DueDecode> runAlone) {
    CacheAwareStream s = stream(audio);
    s.inputFinished();
    do {
      runAlone.accept(windowDue(audio, true)); // the first confirms what is pending, window or not
    } while (s.isReady());
  }

  /** At the end of the stream the flushing silence may leave no whole window to decode. */
  @Override
  public TokenConfirmer.Decision runAlone(
      DueDecode d, SessionAudio audio, TokenConfirmer confirmer, SessionOutput out) {
    CacheAwareStream s = stream(audio);
    long nanos = -1;
    if (s.isReady()) {
      long t0 = System.nanoTime();
      model.decode(List.of(s));
      nanos = System.nanoTime() - t0;
    }
    return complete(d, nanos, audio, confirmer, out);
  }

  /**
   * Confirms a decode of the stream's window ({@code nanos} it took, -1 when none ran): tokens
   * where the VAD heard no speech nearby are dropped (no words from silence or noise).
   */
  TokenConfirmer.Decision complete(
      DueDecode d, long nanos, SessionAudio audio, TokenConfirmer confirmer, SessionOutput out) {
    if (nanos >= 0) {
      out.decoded(chunkSamples(), nanos);
    }
    List<TimedToken> heard = new ArrayList<>();
    double originSeconds = SessionAudio.seconds(tokenOrigin);
    for (Token t : stream(audio).takeTokens()) {
      if (t.special()) {
        continue;
      }
      long at = tokenOrigin + Math.round(t.startSeconds() * AudioRing.SAMPLE_RATE);
      long from = Math.max(audio.oldestSample(), at - SPEECH_NEAR_TOKEN_SAMPLES);
      long to = Math.min(audio.totalSamples(), at + SPEECH_NEAR_TOKEN_SAMPLES);
      if (to > from && audio.hasSpeech(from, to)) {
        heard.add(
            new TimedToken(
                t.id(),
                t.piece(),
                originSeconds + t.startSeconds(),
                originSeconds + t.endSeconds(),
                t.confidence()));
      }
    }
    List<TimedToken> hypothesis = new ArrayList<>(pendingTokens);
    hypothesis.addAll(d.inRealAudio(heard));
    TokenConfirmer.Decision decision = confirmer.decide(hypothesis, d.confirm());
    pendingTokens = new ArrayList<>(decision.pendingTokens());
    return decision;
  }

  private DueDecode windowDue(SessionAudio audio, boolean flush) {
    long end = audio.totalSamples();
    long windowEnd = flush ? end : nextDecodeAt;
    long chunkStart = Math.max(origin, windowEnd - chunkSamples());
    TokenConfirmer.Window w =
        new TokenConfirmer.Window(
            SessionAudio.seconds(chunkStart),
            SessionAudio.seconds(windowEnd),
            0,
            // a pending word waits for the next word or a pause: the latest pause the ring holds
            DecodeSchedule.pauseStart(settings, audio, audio.oldestSample(), windowEnd),
            true,
            Double.NEGATIVE_INFINITY,
            flush,
            false);
    if (!flush) {
      windows++;
      nextDecodeAt = windowBoundary();
    }
    return new DueDecode(null, chunkStart, end, false, true, 0, 0, flush, w, System.nanoTime());
  }
}
