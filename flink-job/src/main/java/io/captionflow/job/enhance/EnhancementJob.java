package io.captionflow.job.enhance;

import io.captionflow.job.JobConfig;
import io.captionflow.job.exit.KafkaExit;
import io.captionflow.job.source.KafkaEntrance;
import io.captionflow.job.source.RawRecord;
import io.captionflow.schema.TranscriptEvent;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The enhanced transcript of one run as a bounded Flink job in BATCH execution mode: the run's
 * range of the audio topic in, its enhanced segments and ENHANCED status out, on the live job's
 * segments topic. Its own pipeline, sharing the live job's ordering, decoding and segmenting code
 * but not its session operator (whose timers mean nothing in batch). Entrance and exit are
 * constructor arguments, as for {@code CaptionFlowJob}: {@link #overKafka} in production, anything
 * bounded in tests and benchmarks.
 *
 * <p>The job does not restart by itself: whoever submitted it retries a failed run ({@code
 * enhance}, {@code enhancer}), and a retry writes the same sequences again.
 */
public final class EnhancementJob {

  public static final String JOB_NAME_PREFIX = "captionflow-enhance ";

  private final JobConfig config;
  private final EnhancementRequest request;
  private final Source<RawRecord, ?, ?> input;
  private final Sink<TranscriptEvent> output;

  public EnhancementJob(
      JobConfig config,
      EnhancementRequest request,
      Source<RawRecord, ?, ?> input,
      Sink<TranscriptEvent> output) {
    if (!config.models().hasOfflineModel()) {
      throw new IllegalArgumentException(
          "the enhanced transcript decodes with the offline TDT model: give --model DIR (or"
              + " PARAKEET_MODEL_DIR); a cache-aware streaming model alone cannot decode a whole"
              + " recording");
    }
    if (request.settings().diarization() && config.models().sortformerModel() == null) {
      throw new IllegalArgumentException(
          request
              + " asked for speakers: give --sortformer-model FILE (or SORTFORMER_MODEL_PATH); an"
              + " enhanced transcript never silently drops the speakers a session asked for");
    }
    this.config = config;
    this.request = request;
    this.input = input;
    this.output = output;
  }

  /** The run's range of the audio topic in, the segments topic out. */
  public static EnhancementJob overKafka(JobConfig config, EnhancementRequest request) {
    return new EnhancementJob(
        config,
        request,
        KafkaEntrance.audioRange(
            config.bootstrapServers(),
            config.topics().audio(),
            request.range().partition(),
            request.range().firstOffset(),
            request.range().lastOffset()),
        KafkaExit.segments(config.bootstrapServers(), config.topics().segments()));
  }

  public String jobName() {
    return JOB_NAME_PREFIX + request.sessionId() + " run " + request.run();
  }

  /** Adds the pipeline to {@code env}: batch mode, parallelism 1, no restarts of its own. */
  public void buildPipeline(StreamExecutionEnvironment env) {
    Configuration c = new Configuration();
    c.set(PipelineOptions.GENERIC_TYPES, false);
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(c);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(1);
    env.fromSource(
            input,
            WatermarkStrategy.noWatermarks(),
            "read the run's audio",
            TypeInformation.of(RawRecord.class))
        .uid("read-run-audio")
        .transform(
            "enhance the run (order, decode, diarize, segment)",
            new AvroTypeInfo<>(TranscriptEvent.class),
            new EnhanceOperator(
                request,
                config.models(),
                config.topics().audio(),
                config.maxChunkSeconds(),
                config.reorderWindow()))
        .uid("enhance-run")
        .sinkTo(output)
        .name("write enhanced transcript")
        .uid("write-enhanced");
  }

  /** Builds the pipeline and runs it to the end. */
  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    buildPipeline(env);
    return env.execute(jobName());
  }

  /**
   * Entry point for {@code flink run -c io.captionflow.job.enhance.EnhancementJob JOB_JAR --session
   * ID [--run N]}: the {@code enhance} command's flags, its jobs on that cluster.
   */
  public static void main(String[] args) {
    int exit = new CommandLine(new InCluster()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Under {@code flink run}: the enhancement jobs go to the environment the client provides. */
  @Command(name = "enhance", mixinStandardHelpOptions = true)
  static final class InCluster implements Callable<Integer> {

    @Mixin RunToEnhance run = new RunToEnhance();

    @Mixin EnhancementOptions options = new EnhancementOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return run.enhance(
          options,
          EnhancementTarget.IN_CLUSTER,
          spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
  }

  /** Builds the pipeline and submits it without waiting. */
  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    buildPipeline(env);
    return env.executeAsync(jobName());
  }
}
