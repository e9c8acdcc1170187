package io.captionflow.launcher.job;

import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.cacheaware.CacheAwareModel;
import io.captionflow.asr.cacheaware.CacheAwareRecognizer;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.diarization.model.DiarizationAvailability;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.ScheduledSpeech;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.fixtures.asr.WaveringLanguage;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import io.captionflow.fixtures.diarization.SortformerFixture;
import io.captionflow.job.inference.Diarization;
import io.captionflow.job.session.LatencyMode;
import io.captionflow.job.session.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
        audio =
            file == null ? language.synthesize(ScheduledSpeech.waveringSchedule(60)) : read(file);
      } else if (fixture.equals("tone")) {
        ToneLanguage language = ToneLanguageFixture.write(offlineDir);
        // the cache-aware tone fixture hears the same words (tones on the 0.08 s grid)
        streamingDir = Files.createTempDirectory("captionflow-bench-cache-aware");
        CacheAwareToneFixture.write(streamingDir);
        if (file == null) {
          spoken = ScheduledSpeech.fixtureSchedule(language, 60);
          audio = ScheduledSpeech.fixtureSession(language, 60);
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
      List<StreamBenchSession.Result> results = new ArrayList<>();
      for (SessionSettings settings : runs) {
        results.add(
            StreamBenchSession.run(
                recognizer, streaming, settings, audio, chunkMs * 16, d, spoken));
      }
      if (json) {
        results.forEach(
            r -> System.out.println(StreamBenchReport.toJson(audio.length / 16000.0, r)));
      } else {
        StreamBenchReport.print(System.out, audio.length / 16000.0, results);
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
}
