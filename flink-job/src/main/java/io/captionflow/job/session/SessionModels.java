package io.captionflow.job.session;

import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import java.util.Optional;

/**
 * The shared models a session decodes with, passed in and never stored: {@code decoder} serves the
 * window modes and chunked, {@code streaming} the streaming mode (either may be null).
 */
record SessionModels(
    WindowDecoder decoder, StreamingRecognizer streaming, VadModel vad, Diarization diarization) {

  /** Why these models cannot serve {@code mode}: none of them decodes that way. */
  Optional<String> refusal(LatencyMode mode) {
    if (mode.streaming() && streaming == null) {
      return Optional.of(
          "latency mode 'streaming' needs a cache-aware streaming model, and this job has only an"
              + " offline TDT model: start the job with --streaming-model DIR, or ask for another"
              + " mode");
    }
    if (!mode.streaming() && decoder == null) {
      return Optional.of(
          "latency mode '"
              + mode.id()
              + "' needs an offline TDT model, and this job has only a cache-aware streaming"
              + " model: ask for latency mode 'streaming', or start the job with --model DIR");
    }
    return Optional.empty();
  }

  /** Why a session starting with {@code settings} cannot be served: its mode or its speakers. */
  Optional<String> refusal(SessionSettings settings) {
    return refusal(settings.mode())
        .or(() -> diarization.refusal(settings.diarization(), settings.maxSpeakers()));
  }
}
