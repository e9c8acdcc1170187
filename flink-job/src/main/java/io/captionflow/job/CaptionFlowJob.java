package io.captionflow.job;

import io.captionflow.job.exit.KafkaExit;
import io.captionflow.job.session.SessionOperator;
import io.captionflow.job.session.SessionProcessor;
import io.captionflow.job.source.CaughtUpWatermarks;
import io.captionflow.job.source.DeadLetters;
import io.captionflow.job.source.InputDecoder;
import io.captionflow.job.source.KafkaEntrance;
import io.captionflow.job.source.RawRecord;
import io.captionflow.job.source.SessionInput;
import io.captionflow.schema.DeadLetter;
import io.captionflow.schema.TranscriptEvent;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The captionflow pipeline, defined once: raw records → decode/validate (dead letters aside) →
 * keyed by session → sequence, decode, confirm → transcript events. Its entrance and exits are
 * constructor arguments: production wires Kafka ({@link #overKafka}), tests plug their own, the
 * file replay a bounded file source.
 */
public final class CaptionFlowJob {

  public static final String JOB_NAME = "captionflow";

  private final JobConfig config;
  private final Source<RawRecord, ?, ?> input;
  private final Sink<TranscriptEvent> segments;
  private final Sink<DeadLetter> deadLetters;

  public CaptionFlowJob(
      JobConfig config,
      Source<RawRecord, ?, ?> input,
      Sink<TranscriptEvent> segments,
      Sink<DeadLetter> deadLetters) {
    this.config = config;
    this.input = input;
    this.segments = segments;
    this.deadLetters = deadLetters;
  }

  /**
   * A session sends 10 small chunks a second, far too few to fill a network buffer: flush within 10
   * ms (Flink's default waits up to 100 ms), so a confirmed word is not held back on its way out.
   */
  static final long BUFFER_TIMEOUT_MILLIS = 10;

  /**
   * Production wiring: the audio and session-events topics in, the segments and dead-letter topics
   * out.
   */
  public static CaptionFlowJob overKafka(JobConfig config) {
    return new CaptionFlowJob(
        config,
        KafkaEntrance.live(config.bootstrapServers(), config.topics(), config.groupId()),
        KafkaExit.segments(config.bootstrapServers(), config.topics().segments()),
        KafkaExit.deadLetters(config.bootstrapServers(), config.topics().deadLetters()));
  }

  /**
   * Adds the pipeline to {@code env} (checkpointing, no Kryo, named operators with stable uids).
   */
  public void buildPipeline(StreamExecutionEnvironment env) {
    Configuration pipeline = new Configuration();
    pipeline.set(PipelineOptions.GENERIC_TYPES, false);
    env.configure(pipeline);
    env.setParallelism(config.parallelism());
    env.setBufferTimeout(BUFFER_TIMEOUT_MILLIS);
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);

    DataStream<RawRecord> raw =
        env.fromSource(input, eventTime(config.caughtUpAfter()), "read audio and session events")
            .uid("read-input");
    SingleOutputStreamOperator<SessionInput> decoded =
        raw.process(
                new InputDecoder(
                    config.topics().audio(),
                    config.topics().sessionEvents(),
                    config.maxChunkSeconds()),
                TypeInformation.of(SessionInput.class))
            .name("decode and validate input")
            .uid("decode-input");
    SingleOutputStreamOperator<TranscriptEvent> transcripts =
        decoded
            .keyBy(in -> in.sessionId, Types.STRING)
            .transform(
                "transcribe sessions (order, decode, confirm)",
                new AvroTypeInfo<>(TranscriptEvent.class),
                new SessionOperator(
                    new SessionProcessor(
                        config.models(),
                        config.sessionDefaults(),
                        config.idleExpiry(),
                        config.endGrace(),
                        Duration.ofHours(1),
                        config.maxSessions(),
                        config.lagBudget()),
                    config.bundle()))
            .name("transcribe sessions (order, decode, confirm)")
            .uid("transcribe-sessions");
    transcripts.sinkTo(segments).name("write transcript events").uid("write-segments");
    decoded
        .getSideOutput(DeadLetters.TAG)
        .union(transcripts.getSideOutput(DeadLetters.TAG))
        .sinkTo(deadLetters)
        .name("write dead letters")
        .uid("write-dead-letters");
  }

  /**
   * Event time = the record's timestamp (Kafka's, or the one a bounded source set); per-split
   * watermarks follow each partition's data and, once it is silent for {@code caughtUpAfter}, the
   * clock ({@link CaughtUpWatermarks}).
   */
  static WatermarkStrategy<RawRecord> eventTime(Duration caughtUpAfter) {
    return CaughtUpWatermarks.<RawRecord>strategy(caughtUpAfter)
        .withTimestampAssigner(
            (record, sourceTimestamp) ->
                record.timestamp != RawRecord.NO_TIMESTAMP ? record.timestamp : sourceTimestamp);
  }

  /** Builds the pipeline and submits it without waiting; the launcher and tests call this. */
  public JobClient start(StreamExecutionEnvironment env) throws Exception {
    buildPipeline(env);
    return env.executeAsync(JOB_NAME);
  }

  /**
   * Entry point for {@code flink run} (and the job jar's manifest): the job's flags ({@link
   * JobOptions}, as {@code captionflow job} reads them).
   */
  public static void main(String[] args) {
    int exit = new CommandLine(new InCluster()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * Under {@code flink run}: the environment the Flink client provides, blocking until the job
   * ends.
   */
  @Command(name = "job", mixinStandardHelpOptions = true)
  static final class InCluster implements Callable<Integer> {

    @Mixin JobOptions options = new JobOptions();

    @Override
    public Integer call() throws Exception {
      ModelOptions.trustAvroPackages();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      overKafka(options.config()).buildPipeline(env);
      env.execute(JOB_NAME);
      return 0;
    }
  }
}
