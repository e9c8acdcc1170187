package io.captionflow.job.cli;

import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.diarization.session.DiarizationAvailability;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.fixtures.asr.WaveringLanguage;
import io.captionflow.fixtures.asr.WaveringScript;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import io.captionflow.fixtures.diarization.SortformerFixture;
import io.captionflow.inference.SpeechRecognizer;
import io.captionflow.inference.cacheaware.CacheAwareModel;
import io.captionflow.inference.cacheaware.CacheAwareRecognizer;
import io.captionflow.inference.cacheaware.StreamingRecognizer;
import io.captionflow.inference.parakeet.ParakeetRecognizer;
import io.captionflow.inference.parakeet.RecognizerConfig;
import io.captionflow.inference.vad.RmsEnergyModel;
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
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code captionflow stream-bench}: runs the job's session logic (the same code the keyed operator
 * runs) over one recording in every latency mode and prints, per mode, the confirmed-word latency
 * in audio time (word end → the audio position at which it was emitted) p50/p95/p99, the
 * encoder-pass factor (encoded audio seconds per audio second), compute per audio second, and the
 * session state size. With {@code --diarization} the sessions are diarized (low-latency Sortformer
 * streaming, as the job runs it) and the diarizer's milliseconds per audio second are printed too.
 * Without {@code --model} and {@code --streaming-model} it uses the tone-language fixture model for
 * the window modes, the cache-aware tone fixture for {@code streaming}, and a generated 60 s
 * session whose spoken word ends are known, so latency is also measured from them.
 */
@Command(
    name = "stream-bench",
    mixinStandardHelpOptions = true,
    description = "Latency (audio time) and encoder cost of each streaming mode on one recording.")
public final class StreamBenchCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Parakeet model directory for the window modes and chunked (default: the fixture model);"
              + " a cache-aware export here counts as --streaming-model")
  Path model;

  @Option(
      names = "--streaming-model",
      paramLabel = "DIR",
      description =
          "cache-aware streaming model directory (real or 'fixture-model --kind"
              + " synthetic-cache-aware') for mode 'streaming' (default: the cache-aware tone"
              + " fixture)")
  Path streamingModel;

  @Option(
      names = "--modes",
      split = ",",
      description = "modes to run (default: every mode the models serve)")
  List<String> modes;

  @Option(
      names = "--chunk-ms",
      defaultValue = "100",
      description = "chunk size fed to the session (default: ${DEFAULT-VALUE})")
  int chunkMs;

  @Option(
      names = "--agreement",
      split = ",",
      paramLabel = "K",
      description =
          "agreement counts to run each mode with, e.g. 1,2,3 (default: each mode's own;"
              + " chunked always 1)")
  List<Integer> agreements;

  @Option(names = "--json", description = "one JSON object per mode and agreement on stdout")
  boolean json;

  @Option(
      names = "--fixture",
      defaultValue = "tone",
      description =
          "without --model: tone (hypotheses never move between windows) or wavering (they jitter,"
              + " split differently and flicker near each window's end, like a real model's);"
              + " default ${DEFAULT-VALUE}")
  String fixture;

  @Option(
      names = "--diarization",
      description = "diarize the sessions too and print diarization ms per audio second")
  boolean diarization;

  @Option(
      names = "--sortformer-model",
      paramLabel = "FILE",
      description = "with --diarization: Sortformer ONNX file (default: the fixture model)")
  Path sortformerModel;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "WAV file (default: generated fixture audio)")
  Path file;

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

  @Override
  public Integer call() throws Exception {
    Path offlineDir = model;
    Path streamingDir = streamingModel;
    if (offlineDir != null && CacheAwareModel.looksLike(offlineDir)) {
      // as the job does: --model recognises a cache-aware export by its files
      streamingDir = streamingDir == null ? offlineDir : streamingDir;
      offlineDir = null;
    }
    boolean fixtureRun = offlineDir == null && streamingDir == null;
    float[] audio;
    List<ScheduledWord> spoken = null;
    if (fixtureRun) {
      offlineDir = Files.createTempDirectory("captionflow-bench-fixture");
      if (fixture.equals("wavering")) {
        WaveringLanguage language = WaveringToneFixture.write(offlineDir);
        audio = file == null ? language.synthesize(waveringSchedule(60)) : read(file);
      } else if (fixture.equals("tone")) {
        ToneLanguage language = ToneLanguageFixture.write(offlineDir);
        // the cache-aware tone fixture hears the same words (tones on the 0.08 s grid)
        streamingDir = Files.createTempDirectory("captionflow-bench-cache-aware");
        CacheAwareToneFixture.write(streamingDir);
        if (file == null) {
          spoken = fixtureSchedule(language, 60);
          audio = fixtureSession(language, 60);
        } else {
          audio = read(file);
        }
      } else {
        System.err.println("--fixture: expected tone or wavering, got '" + fixture + "'");
        return 2;
      }
    } else if (file == null) {
      System.err.println("with --model or --streaming-model, give a WAV FILE to transcribe");
      return 2;
    } else {
      audio = read(file);
    }
    List<LatencyMode> selected;
    try {
      selected = selectModes(modes, offlineDir != null, streamingDir != null);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Diarization speakers = null;
    if (diarization) {
      Path file =
          sortformerModel != null
              ? sortformerModel
              : SortformerFixture.write(
                  Files.createTempDirectory("captionflow-bench-sortformer")
                      .resolve("fixture.onnx"));
      speakers =
          new Diarization(
              DiarizationAvailability.load(
                  Optional.of(
                      new SortformerConfig(
                          file, "cpu", 1, Optional.of(StreamingParams.LOW_LATENCY)))));
      Optional<String> refusal = speakers.refusal(true, 4);
      if (refusal.isPresent()) {
        System.err.println(refusal.get());
        return 2;
      }
    }
    Diarization d = speakers;
    List<SessionSettings> runs = new ArrayList<>();
    for (LatencyMode m : selected) {
      List<Integer> ks =
          agreements == null || m == LatencyMode.CHUNKED || m.streaming()
              ? List.of(m.agreement())
              : agreements;
      for (int k : ks) {
        runs.add(SessionSettings.of(m).withAgreement(k));
      }
    }
    boolean needsOffline = selected.stream().anyMatch(m -> !m.streaming());
    boolean needsStreaming = selected.contains(LatencyMode.STREAMING);
    try (SpeechRecognizer recognizer =
            needsOffline ? ParakeetRecognizer.load(RecognizerConfig.of(offlineDir)) : null;
        StreamingRecognizer streaming =
            needsStreaming ? CacheAwareRecognizer.load(RecognizerConfig.of(streamingDir)) : null) {
      List<Result> results = new ArrayList<>();
      for (SessionSettings settings : runs) {
        results.add(run(recognizer, streaming, settings, audio, chunkMs * 16, d, spoken));
      }
      if (json) {
        results.forEach(r -> System.out.println(toJson(audio.length / 16000.0, r)));
      } else {
        print(System.out, audio.length / 16000.0, results);
      }
    }
    return 0;
  }

  /**
   * The modes to run: {@code requested}, or every mode the loaded models serve; a requested mode no
   * model serves is refused with the flag that would serve it.
   */
  static List<LatencyMode> selectModes(
      List<String> requested, boolean offlineModel, boolean streamingModel) {
    if (requested == null) {
      return Arrays.stream(LatencyMode.values())
          .filter(m -> m.streaming() ? streamingModel : offlineModel)
          .toList();
    }
    List<LatencyMode> out = new ArrayList<>();
    for (String id : requested) {
      LatencyMode m = LatencyMode.fromId(id);
      if (m.streaming() && !streamingModel) {
        throw new IllegalArgumentException(
            "mode 'streaming' needs a cache-aware model: give --streaming-model DIR, or run"
                + " without models on the tone fixture");
      }
      if (!m.streaming() && !offlineModel) {
        throw new IllegalArgumentException(
            "mode '"
                + m.id()
                + "' needs an offline TDT model: give --model DIR, or run without models on a"
                + " fixture");
      }
      out.add(m);
    }
    return out;
  }

  static float[] read(Path wav) throws java.io.IOException {
    var pcm = WavReader.read(wav);
    return pcm.sampleRate() == 16_000 ? pcm.samples() : Resampler.resample(pcm, 16_000).samples();
  }

  /** Audio of {@link #fixtureSchedule}. */
  public static float[] fixtureSession(ToneLanguage language, double seconds) {
    return language.synthesize(fixtureSchedule(language, seconds), seconds);
  }

  /** Phrases of 3-7 tone-language words with pauses between, filling {@code seconds}. */
  public static List<ScheduledWord> fixtureSchedule(ToneLanguage language, double seconds) {
    Random random = new Random(42);
    List<ScheduledWord> schedule = new ArrayList<>();
    List<String> vocabulary = language.words().stream().map(ToneLanguage.ToneWord::text).toList();
    double t = 0.40;
    String previous = null;
    while (t < seconds - 4) {
      int words = 3 + random.nextInt(5);
      for (int i = 0; i < words; i++) {
        String w;
        do {
          w = vocabulary.get(random.nextInt(vocabulary.size()));
        } while (w.equals(previous));
        double length = 0.08 * (3 + random.nextInt(3));
        schedule.add(new ScheduledWord(w, round(t), round(length)));
        previous = w;
        t += length + 0.08 * (1 + random.nextInt(2));
      }
      t += 0.08 * (10 + random.nextInt(10));
    }
    return schedule;
  }

  /**
   * Phrases of 3-7 wavering-fixture words (0.16-0.32 s, 0.16-0.40 s apart) with pauses between,
   * after 2 s of silence (the fixture is exact for windows of 2 s and more), filling {@code
   * seconds}.
   */
  public static WaveringScript waveringSchedule(double seconds) {
    Random random = new Random(42);
    List<String> vocabulary =
        new ToneLanguage().words().stream().map(ToneLanguage.ToneWord::text).toList();
    List<ScheduledWord> words = new ArrayList<>();
    int frame = 25;
    String previous = null;
    while (frame * 0.08 < seconds - 4) {
      int count = 3 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        String w;
        do {
          w = vocabulary.get(random.nextInt(vocabulary.size()));
        } while (w.equals(previous));
        int length = 2 + random.nextInt(3);
        words.add(new ScheduledWord(w, round(frame * 0.08), round(length * 0.08)));
        previous = w;
        frame += length + 2 + random.nextInt(4);
      }
      frame += 10 + random.nextInt(10);
    }
    return WaveringScript.of(words, seconds);
  }

  private static double round(double s) {
    return Math.round(s / 0.08) * 0.08;
  }

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

  private static String triple(long[] p) {
    return p[0] + "/" + p[1] + "/" + p[2];
  }

  static void print(PrintStream out, double audioSeconds, List<Result> results) {
    out.printf(
        Locale.ROOT,
        "audio %.1f s. Latency in audio ms from a word's end: 'confirmed' = until the decode that"
            + " confirms it (visible in partials), 'spoken' = the same from the word's end in the"
            + " generated audio, 'segment' = until the final segment holding it is emitted.%n",
        audioSeconds);
    out.printf(
        Locale.ROOT,
        "%-20s %2s %6s %20s %20s %20s %9s %10s %11s %14s %18s%n",
        "mode",
        "k",
        "words",
        "confirmed p50/95/99",
        "spoken p50/95/99",
        "segment p50/95/99",
        "encoder",
        "compute",
        "state",
        "diarization",
        "revised/forced/dropped");
    for (Result r : results) {
      out.printf(
          Locale.ROOT,
          "%-20s %2d %6d %20s %20s %20s %8.1fx %9.3fx %11s %14s %18s%n",
          r.mode().id(),
          r.agreement(),
          r.words(),
          triple(r.confirm()),
          r.confirmFromSpokenEnd() == null ? "-" : triple(r.confirmFromSpokenEnd()),
          triple(r.emitted()),
          r.encoderFactor(),
          r.computePerAudioSecond(),
          r.maxStateBytes() + " B",
          Double.isNaN(r.diarizationMillisPerAudioSecond())
              ? "-"
              : String.format(Locale.ROOT, "%.1f ms/s", r.diarizationMillisPerAudioSecond()),
          r.churn().wordsRevised()
              + "/"
              + r.churn().wordsForcedOut()
              + "/"
              + r.churn().wordsDroppedAtEdge());
    }
  }

  /** One result as a JSON object (machine-readable, for scripts comparing runs). */
  static String toJson(double audioSeconds, Result r) {
    return String.format(
        Locale.ROOT,
        "{\"mode\":\"%s\",\"agreement\":%d,\"audioSeconds\":%.3f,\"words\":%d,"
            + "\"confirmedMs\":{\"p50\":%d,\"p95\":%d,\"p99\":%d},"
            + "\"confirmedFromSpokenEndMs\":%s,"
            + "\"segmentMs\":{\"p50\":%d,\"p95\":%d,\"p99\":%d},"
            + "\"encoderFactor\":%.3f,\"computePerAudioSecond\":%.4f,\"stateBytes\":%d,"
            + "\"stateBytesPerAudioSecond\":%.0f,"
            + "\"wordsRevised\":%d,\"wordsForcedOut\":%d,\"wordsDroppedAtEdge\":%d}",
        r.mode().id(),
        r.agreement(),
        audioSeconds,
        r.words(),
        r.confirm()[0],
        r.confirm()[1],
        r.confirm()[2],
        r.confirmFromSpokenEnd() == null
            ? "null"
            : String.format(
                Locale.ROOT,
                "{\"p50\":%d,\"p95\":%d,\"p99\":%d}",
                r.confirmFromSpokenEnd()[0],
                r.confirmFromSpokenEnd()[1],
                r.confirmFromSpokenEnd()[2]),
        r.emitted()[0],
        r.emitted()[1],
        r.emitted()[2],
        r.encoderFactor(),
        r.computePerAudioSecond(),
        r.maxStateBytes(),
        r.stateBytesPerAudioSecond(),
        r.churn().wordsRevised(),
        r.churn().wordsForcedOut(),
        r.churn().wordsDroppedAtEdge());
  }
}
