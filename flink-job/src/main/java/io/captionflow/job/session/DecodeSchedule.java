package io.captionflow.job.session;

import io.captionflow.asr.DecoderState;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.job.confirmation.TokenConfirmer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.List;
import java.util.function.Consumer;

/**
 * When a session's decodes fall due, what each decodes ({@link DueDecode}), and how its result is
 * confirmed: one strategy per decoding family (window modes, chunked, cache-aware streaming).
 */
sealed interface DecodeSchedule permits OfflineSchedule, StreamingSchedule {

  /** The schedule of a pipeline (re)started at session sample {@code at}. */
  static DecodeSchedule startingAt(
      SessionSettings settings,
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      long at) {
    if (settings.streaming()) {
      return StreamingSchedule.startingAt(settings, streamingModel, at);
    }
    if (settings.chunked()) {
      return new ChunkedSchedule(settings, decoder, at, DecoderState.initial(), 0, List.of());
    }
    return new WindowSchedule(settings, decoder, at + settings.intervalSamples());
  }

  /** The session sample at which the next regular decode falls due. */
  long nextBoundary();

  /** The regular decode falling due now (the audio has reached {@link #nextBoundary}). */
  DueDecode due(SessionAudio audio);

  /** The audio's newest {@code length} samples were appended ({@code silence}: a gap). */
  default void appended(SessionAudio audio, boolean silence, long length) {}

  /** The end of the stream: its last decodes, each run alone in order, the last one flushing. */
  void flush(SessionAudio audio, Consumer<DueDecode> runAlone);

  /** Runs {@code d} now, alone, and confirms what it heard. */
  TokenConfirmer.Decision runAlone(
      DueDecode d, SessionAudio audio, TokenConfirmer confirmer, SessionOutput out);

  /** Full-window: the next decode point. Chunked: the start of the next chunk. */
  long nextDecodeAt();

  /**
   * Start of the latest pause the VAD heard in [from, to), in seconds; NaN when there is none or
   * the session turned pause detection off.
   */
  static double pauseStart(SessionSettings settings, SessionAudio audio, long from, long to) {
    if (!settings.pauseDetection()) {
      return Double.NaN;
    }
    long p = audio.latestPauseStart(from, to);
    return p < 0 ? Double.NaN : SessionAudio.seconds(p);
  }
}
