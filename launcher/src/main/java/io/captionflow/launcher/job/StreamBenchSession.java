package io.captionflow.launcher.job;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.Segment;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.inference.WindowDecoder;
import io.captionflow.job.session.ChunkSequencer;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.MemoryAudioBlocks;
import io.captionflow.job.session.SessionOutput;
import io.captionflow.job.session.SessionSettings;
import io.captionflow.job.session.SessionStream;
import io.captionflow.schema.SessionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One benchmark session: the job's session logic over generated or recorded audio in one latency
 * mode, measured in audio time (confirmation and emit latency, encoder passes, compute, state size,
 * churn).
 */
final class StreamBenchSession {

  private StreamBenchSession() {}

  /**
   * One mode's numbers. {@code confirm}: from each word's end as the model times it; {@code
   * confirmFromSpokenEnd}: from the end of the scheduled word it matches in generated audio (null
   * when the audio's words are unknown).
   */
  public record Result(
      LatencyMode mode,
      int agreement,
      int words,
      long[] confirm,
      long[] confirmFromSpokenEnd,
      long[] emitted,
      double encoderFactor,
      double computePerAudioSecond,
      int maxStateBytes,
      double stateBytesPerAudioSecond,
      double diarizationMillisPerAudioSecond,
      Churn churn) {}

  /** Hypothesis churn over the whole session: see {@code TokenConfirmer.Decision}. */
  public record Churn(long wordsRevised, long wordsForcedOut, long wordsDroppedAtEdge) {}

  /**
   * One session with {@code settings} over {@code audio}: the window modes and chunked decode with
   * {@code recognizer}, streaming with {@code streaming} (either may be null when no mode needs
   * it). {@code speakers}: diarize with it (4 speakers), or null. {@code spoken}: the words the
   * audio was generated from, or null when unknown.
   */
  public static Result run(
      SpeechRecognizer recognizer,
      StreamingRecognizer streaming,
      SessionSettings settings,
      float[] audio,
      int chunkSamples,
      Diarization speakers,
      List<ScheduledWord> spoken) {
    long[] churn = new long[3];
    List<Long> latencies = new ArrayList<>();
    List<Long> confirmations = new ArrayList<>();
    List<Long> fromSpokenEnd = new ArrayList<>();
    SpokenWords words = spoken == null ? null : new SpokenWords(spoken);
    long[] encoded = {0};
    long[] nanos = {0};
    long[] diarizationNanos = {0};
    SessionOutput out =
        new SessionOutput() {
          public void segment(
              Segment s, boolean isFinal, int revision, String language, Long capture, double now) {
            if (isFinal) {
              for (ConfirmedWord w : s.words()) {
                latencies.add(Math.round((now - w.endSeconds()) * 1000));
              }
            }
          }

          public void confirmed(List<ConfirmedWord> confirmed, double now) {
            for (ConfirmedWord w : confirmed) {
              confirmations.add(Math.round((now - w.endSeconds()) * 1000));
              if (words != null) {
                words.endOf(w).ifPresent(end -> fromSpokenEnd.add(Math.round((now - end) * 1000)));
              }
            }
          }

          public void activity(boolean speaking, double atSeconds) {}

          public void status(
              SessionState state, String reason, String language, double atSeconds) {}

          public void decoded(long encodedSamples, long ns) {
            encoded[0] += encodedSamples;
            nanos[0] += ns;
          }

          public void gapFilled(ChunkSequencer.Gap gap) {}

          public void diarized(long samples, long ns) {
            diarizationNanos[0] += ns;
          }

          public void churn(LatencyMode m, int revised, int forcedOut, int droppedAtEdge) {
            churn[0] += revised;
            churn[1] += forcedOut;
            churn[2] += droppedAtEdge;
          }
        };
    SessionStream session =
        SessionStream.create(
            SessionStream.Defaults.STANDARD,
            recognizer == null ? null : new WindowDecoder(recognizer),
            streaming,
            new RmsEnergyModel(),
            speakers == null ? Diarization.unavailable() : speakers);
    session.onStart(settings.withDiarization(speakers != null, 4), out);
    int maxState = 0;
    long sequence = 0;
    MemoryAudioBlocks blocks = new MemoryAudioBlocks();
    long persisted = 0;
    long nextCheckpoint = CHECKPOINT_SAMPLES;
    for (int from = 0; from < audio.length; from += chunkSamples) {
      int to = Math.min(audio.length, from + chunkSamples);
      if (sequence % 10 == 0) {
        maxState = Math.max(maxState, session.toBytes().length);
      }
      session.onChunk(sequence++, Arrays.copyOfRange(audio, from, to), 0, to == audio.length, out);
      if (to >= nextCheckpoint && to < audio.length) {
        persisted += persist(session, blocks);
        nextCheckpoint += CHECKPOINT_SAMPLES;
      }
    }
    double audioSeconds = audio.length / 16000.0;
    return new Result(
        settings.mode(),
        settings.agreement(),
        latencies.size(),
        percentiles(confirmations),
        words == null ? null : percentiles(fromSpokenEnd),
        percentiles(latencies),
        encoded[0] / (double) audio.length,
        nanos[0] / 1e9 / audioSeconds,
        maxState,
        (persisted + blocks.bytesWritten()) / audioSeconds,
        speakers == null ? Double.NaN : diarizationNanos[0] / 1e6 / audioSeconds,
        new Churn(churn[0], churn[1], churn[2]));
  }

  /** What the job writes at a checkpoint every 2 s of audio (its default interval). */
  private static final long CHECKPOINT_SAMPLES = 2 * 16_000;

  private static int persist(SessionStream session, MemoryAudioBlocks blocks) {
    try {
      return session.persist(blocks).length;
    } catch (Exception e) {
      throw new IllegalStateException("persisting to memory failed", e);
    }
  }

  /** p50, p95, p99 (nearest rank); -1 when there are no values. */
  static long[] percentiles(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return new long[] {percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)};
  }

  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
