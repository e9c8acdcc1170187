package io.captionflow.launcher.job;

import io.captionflow.job.CaptionFlowJob;
import io.captionflow.job.JobConfig;
import io.captionflow.job.JobOptions;
import io.captionflow.job.ModelOptions;
import io.captionflow.launcher.JobJar;
import io.captionflow.launcher.LocalStack;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code captionflow job}: runs the Kafka-to-Kafka transcription job on a local Flink cluster with
 * the web dashboard (port 8081, loopback unless {@code --dashboard-bind}), or submits it to a Flink
 * cluster's REST endpoint with the job jar.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Run the captionflow Flink job: locally with the Flink dashboard, or on a Flink cluster (--flink).")
public final class JobCommand implements Callable<Integer> {

  @Mixin JobOptions job = new JobOptions();

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description = "submit to this Flink cluster's REST endpoint instead of running locally")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar to ship with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  @Option(
      names = {"--web-port", "--dashboard-port"},
      defaultValue = "8081",
      description = "Flink dashboard port of the local cluster (default: ${DEFAULT-VALUE})")
  int webPort;

  @Option(
      names = {"--dashboard-bind", "--web-bind"},
      paramLabel = "ADDRESS",
      defaultValue = LocalDashboard.LOOPBACK,
      description =
          "interface the local cluster's dashboard and REST API listen on; 0.0.0.0 for all"
              + " (default: ${DEFAULT-VALUE}: this machine only)")
  String dashboardBind;

  @Override
  public Integer call() throws Exception {
    ModelOptions.trustAvroPackages();
    JobConfig config = job.config();
    CaptionFlowJob pipeline = CaptionFlowJob.overKafka(config);
    if (flink != null) {
      StreamExecutionEnvironment env =
          LocalStack.remoteEnvironment(flink, jobJar != null ? jobJar : JobJar.find());
      JobClient client = pipeline.start(env);
      System.out.println("submitted job " + client.getJobID() + " to http://" + flink);
      return 0;
    }
    LocalDashboard dashboard = new LocalDashboard(dashboardBind, webPort);
    Configuration conf = dashboard.applyTo(new Configuration());
    conf.setString(
        "env.java.opts.all", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    JobClient client = pipeline.start(env);
    System.out.println(
        "job "
            + client.getJobID()
            + " running; Flink dashboard: "
            + dashboard.describe()
            + "\n  (reading "
            + config.topics().audio()
            + " + "
            + config.topics().sessionEvents()
            + " from "
            + config.bootstrapServers()
            + ", writing "
            + config.topics().segments()
            + ")");
    client.getJobExecutionResult().get();
    return 0;
  }
}
