package io.captionflow.launcher;

import io.captionflow.asr.cacheaware.CacheAwareModel;
import io.captionflow.asr.parakeet.ModelDirectory;
import io.captionflow.asr.parakeet.ModelDownloader;
import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.vad.SileroVadDownloader;
import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.ingest.source.AudioFiles;
import io.captionflow.ingest.source.AudioSource;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.launcher.job.LocalDashboard;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Everything on one machine: Kafka, the Flink job with its dashboard, the subtitle sink and an
 * audio file streamed live.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Kafka (in-process, KRaft), the transcription job on a local Flink cluster with its web "
          + "dashboard, and the subtitle sink with its display page; then streams --audio through the bridge in real "
          + "time (default: a public-domain sample shipped with captionflow). Runs until Ctrl-C.",
      "Uses the real Parakeet TDT model: --model DIR, or the cache (downloaded on first run)."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--audio",
      paramLabel = "FILE",
      description =
          "audio to stream (WAV; other formats need ffmpeg; default: the sample shipped with"
              + " captionflow, 11 s of public-domain speech)")
  Path audio;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Parakeet TDT model directory (default: "
              + "$PARAKEET_MODEL_DIR, else ~/.cache/captionflow/models/parakeet-tdt-0.6b-v3, downloaded if missing)")
  Path model;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description = "fp32, fp16 or int8 model files (default ${DEFAULT-VALUE})")
  String precision;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "use this Kafka cluster (default: an in-process broker on 9092)")
  String kafka;

  @Option(
      names = "--session",
      defaultValue = "demo",
      description = "session id (default ${DEFAULT-VALUE})")
  String session;

  @Option(
      names = "--mode",
      defaultValue = "speedy",
      description = "latency mode (default ${DEFAULT-VALUE})")
  String mode;

  @Option(
      names = "--language",
      defaultValue = "en",
      description = "session language (default ${DEFAULT-VALUE})")
  String language;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8081",
      description = "Flink dashboard port (default ${DEFAULT-VALUE})")
  int dashboardPort;

  @Option(
      names = "--dashboard-bind",
      paramLabel = "ADDRESS",
      defaultValue = LocalDashboard.LOOPBACK,
      description =
          "interface the Flink dashboard and REST API listen on; 0.0.0.0 for all (default"
              + " ${DEFAULT-VALUE}: this machine only)")
  String dashboardBind;

  @Option(
      names = "--subscribe-tokens",
      paramLabel = "SPEC",
      description =
          "who may watch: session=token,*=token (default: $CAPTIONFLOW_SUBSCRIBE_TOKENS; with"
              + " neither set, the demo is open to anyone who reaches the sink)")
  String subscribeTokens;

  @Option(
      names = "--sink-port",
      defaultValue = "8080",
      description = "subtitle sink / display port (default ${DEFAULT-VALUE})")
  int sinkPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RecognizerConfig.Precision p;
    try {
      p = RecognizerConfig.parsePrecision(precision);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    LocalDashboard dashboard;
    DemoAccess access;
    try {
      dashboard = new LocalDashboard(dashboardBind, dashboardPort);
      access = DemoAccess.of(subscribeTokens, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (audio == null) {
      audio = DemoSample.extract();
    } else if (!Files.isReadable(audio)) {
      err.println("error: cannot read audio file " + audio);
      return 2;
    }
    Path modelDir = resolveModel(p, err);
    if (modelDir == null) {
      return 3;
    }
    AudioSource source = AudioFiles.open(audio);
    // a cache-aware export serves the streaming mode only
    boolean streaming = CacheAwareModel.looksLike(modelDir);
    String sessionMode = streaming && mode == null ? "streaming" : mode;
    // Silero rightly hears the fixture's tone language as non-speech, and the job decodes only
    // speech.
    String vad = ToneLanguageFixture.isFixture(modelDir) ? null : sileroVadModel(err);
    LocalStack.Settings settings =
        new LocalStack.Settings(
            kafka,
            null,
            null,
            dashboard,
            sinkPort,
            Topics.DEFAULT,
            streaming
                ? new ModelSpec(
                    null,
                    "cpu",
                    p.name().toLowerCase(),
                    0,
                    vad,
                    ModelSpec.PARAKEET,
                    null,
                    0,
                    modelDir.toString(),
                    ModelSpec.CACHE_AWARE)
                : new ModelSpec(
                    modelDir.toString(), "cpu", p.name().toLowerCase(), 0, vad, ModelSpec.PARAKEET),
            Duration.ofSeconds(2),
            access.tokens(),
            access.open());
    LocalStack stack = LocalStack.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "demo-shutdown"));

    out.println();
    out.println("  Flink dashboard   " + dashboard.describe());
    out.println(
        "  Subtitle display  " + access.displayUrl("localhost", stack.sink().port(), session));
    out.println(
        "  WebSocket         ws://localhost:" + stack.sink().port() + "/ws/sessions/" + session);
    out.println("  Who may watch     " + access.describe(stack.sink().port()));
    out.println("  Kafka             " + stack.bootstrapServers());
    out.println(
        "  VAD               "
            + (vad != null
                ? "Silero " + vad
                : ToneLanguageFixture.isFixture(modelDir)
                    ? "RMS energy (fixture model: its tones are not speech to Silero)"
                    : "RMS energy (Silero VAD could not be fetched; see the warning above)"));
    out.println();
    out.flush();

    BridgeConfig bridge =
        BridgeConfig.fromEnvironment(System.getenv())
            .withBootstrapServers(stack.bootstrapServers())
            .withTopics(Topics.DEFAULT);
    SourceIngest.run(
        bridge,
        session,
        new StartSettings(language, sessionMode, "demo:" + audio.getFileName()),
        source,
        1.0,
        (done, total) -> {});
    out.println("audio streamed; the display and dashboard stay up until Ctrl-C");
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The model directory to use, downloading into the cache when needed; null (after saying why)
   * when there is none.
   */
  private Path resolveModel(RecognizerConfig.Precision p, PrintWriter err) {
    Path dir =
        model != null
            ? model
            : System.getenv("PARAKEET_MODEL_DIR") != null
                ? Path.of(System.getenv("PARAKEET_MODEL_DIR"))
                : RecognizerConfig.DEFAULT_MODEL_DIR;
    if (model == null && !isComplete(dir, p) && p == RecognizerConfig.Precision.FP16) {
      err.println("error: no fp16 model in " + dir + "; " + ModelDownloader.NO_FP16_DOWNLOAD);
      err.flush();
      return null;
    }
    if (model == null && !isComplete(dir, p)) {
      // Also after an interrupted download: the downloader resumes partial files.
      err.println(
          "Parakeet TDT model not (completely) in " + dir + "; downloading it (first run only)...");
      err.flush();
      try {
        new ModelDownloader(ModelDownloader.DEFAULT_ENDPOINT, ModelDownloader.DEFAULT_REPO, err)
            .download(dir, ModelDownloader.files(p));
      } catch (IOException e) {
        err.println("error: cannot download the Parakeet TDT model: " + e.getMessage());
        err.println(
            "  Offline? On a machine with internet run './captionflow download-model"
                + (p == RecognizerConfig.Precision.INT8 ? " --precision int8" : "")
                + "' and copy "
                + dir
                + " here, or pass --model DIR.");
        err.println(
            "  To try the pipeline without weights: './captionflow fixture-model DIR' writes a tiny test model"
                + " (it understands only its tone language), or run './captionflow selftest'.");
        err.flush();
        return null;
      }
    }
    try {
      if (CacheAwareModel.looksLike(dir)) {
        CacheAwareModel.open(dir, p);
      } else {
        ModelDirectory.open(dir, p);
      }
      return dir;
    } catch (ModelLoadException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return null;
    }
  }

  private static boolean isComplete(Path dir, RecognizerConfig.Precision p) {
    try {
      ModelDirectory.open(dir, p);
      return true;
    } catch (ModelLoadException e) {
      return false;
    }
  }

  /**
   * Silero VAD, fetched on first use; null (after saying why) when it cannot be had, so the job
   * falls back to the RMS-energy detector.
   */
  private static String sileroVadModel(PrintWriter err) {
    Path path = SileroVadModel.pathFromEnvironment(System.getenv());
    try {
      SileroVadDownloader.fromEnvironment(System.getenv()).ensure(path, err);
      return path.toString();
    } catch (IOException e) {
      err.println("warning: " + e.getMessage() + "; the demo uses the RMS-energy detector instead");
      err.flush();
      return null;
    }
  }
}
