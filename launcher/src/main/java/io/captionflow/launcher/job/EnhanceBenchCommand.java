package io.captionflow.launcher.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.job.JobConfig;
import io.captionflow.job.ModelOptions;
import io.captionflow.job.enhance.EnhancementJob;
import io.captionflow.job.enhance.EnhancementRequest;
import io.captionflow.job.enhance.GeneratedRun;
import io.captionflow.job.enhance.RunRange;
import io.captionflow.job.enhance.RunSettings;
import io.captionflow.job.enhance.TranscriptTally;
import io.captionflow.job.inference.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow enhance-bench}: how long the enhanced transcript of a session of {@code
 * --seconds} takes with a given model, through the enhancement job itself on a local MiniCluster
 * (generated audio in, output counted in memory; no Kafka).
 */
@Command(
    name = "enhance-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time the enhancement job on a generated session (tone-language phrases, 100 ms chunks):",
      "the fixture model by default, --synthetic-layers N for the synthetic Parakeet 0.6B with N of",
      "its 24 layers, or --model DIR. One JSON object on standard output."
    })
public final class EnhanceBenchCommand implements Callable<Integer> {

  @Option(
      names = "--seconds",
      defaultValue = "3600",
      description = "session length (default: ${DEFAULT-VALUE}, one hour)")
  double seconds;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "a Parakeet TDT model directory (default: the fixture model)")
  Path model;

  @Option(
      names = "--synthetic-layers",
      paramLabel = "N",
      description = "the synthetic Parakeet 0.6B with N of its 24 conformer layers, random weights")
  Integer syntheticLayers;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "ONNX Runtime intra-op threads (0: its default, every core)")
  int threads;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ModelOptions.trustAvroPackages();
    if (!(seconds > 0)) {
      System.err.println("--seconds must be > 0, got " + seconds);
      return 2;
    }
    if (model != null && syntheticLayers != null) {
      System.err.println("give --model or --synthetic-layers, not both");
      return 2;
    }
    String modelName;
    Path dir;
    boolean fixture = false;
    if (syntheticLayers != null) {
      dir = Files.createTempDirectory("captionflow-synthetic");
      System.err.println("writing the synthetic model (" + syntheticLayers + " layers) to " + dir);
      SyntheticParakeet.write(dir, SyntheticParakeet.Shape.parakeet(syntheticLayers), 42);
      modelName = "synthetic-parakeet-0.6b-" + syntheticLayers + "-layers";
    } else if (model != null) {
      dir = model;
      modelName = model.toString();
    } else {
      dir = Files.createTempDirectory("captionflow-fixture");
      ToneLanguageFixture.write(dir);
      modelName = "fixture";
      fixture = true;
    }
    JobConfig config =
        JobConfig.fromEnvironment(System.getenv())
            .withModels(
                new ModelSpec(dir.toString(), "cpu", "fp32", threads, null, ModelSpec.PARAKEET));
    long chunks = GeneratedRun.chunks(seconds);
    EnhancementRequest request =
        new EnhancementRequest(
            "bench",
            0,
            new RunRange(0, 0, chunks - 1, "generated"),
            RunSettings.defaults("a generated session"),
            false);
    TranscriptTally tally = new TranscriptTally("bench-" + UUID.randomUUID());
    EnhancementJob job =
        new EnhancementJob(
            config, request, GeneratedRun.source("bench", config.topics().audio(), seconds), tally);
    System.err.printf(
        Locale.ROOT, "enhancing a generated %.0f s session with %s...%n", seconds, modelName);
    long t0 = System.nanoTime();
    JobExecutionResult result = job.run(StreamExecutionEnvironment.createLocalEnvironment(1));
    double wall = (System.nanoTime() - t0) / 1e9;
    double audio = chunks * GeneratedRun.CHUNK_SAMPLES / 16_000.0;
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("model", modelName);
    o.put("audioSeconds", audio);
    o.put("words", tally.counts().words.get());
    if (fixture) {
      o.put("expectedWords", GeneratedRun.wordsPer(audio));
    }
    o.put("segments", tally.counts().segments.get());
    o.put("wallSeconds", Math.round(wall * 10) / 10.0);
    o.put("jobSeconds", Math.round(result.getNetRuntime() / 100.0) / 10.0);
    o.put("realTimeFactor", Math.round(audio / wall * 10) / 10.0);
    o.put("cores", Runtime.getRuntime().availableProcessors());
    spec.commandLine().getOut().println(o.toPrettyString());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
