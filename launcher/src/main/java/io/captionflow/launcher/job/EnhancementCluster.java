package io.captionflow.launcher.job;

import io.captionflow.job.enhance.EnhancementTarget;
import io.captionflow.launcher.JobJar;
import io.captionflow.launcher.LocalStack;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * Where {@code enhance} and {@code enhancer} run the enhancement jobs: a local MiniCluster, or a
 * Flink cluster of their own ({@code --flink}).
 */
public final class EnhancementCluster implements EnhancementTarget {

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description =
          "run the enhancement jobs on this Flink cluster's REST endpoint (a cluster of their own,"
              + " not the live job's) instead of a local MiniCluster")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar to ship with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  /** A fresh environment per job: a local MiniCluster, or the cluster named by --flink. */
  @Override
  public Supplier<StreamExecutionEnvironment> environments() {
    if (flink == null) {
      return () -> {
        Configuration conf = new Configuration();
        conf.setString(
            "env.java.opts.all", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.captionflow.schema");
        return StreamExecutionEnvironment.createLocalEnvironment(conf);
      };
    }
    Path jar = jobJar != null ? jobJar : JobJar.find();
    LocalStack.remoteEnvironment(
        flink, jar); // refuses a bad --flink or a missing jar now, not at the first job
    return () -> LocalStack.remoteEnvironment(flink, jar);
  }

  @Override
  public String where() {
    return flink == null ? "a local MiniCluster" : "the Flink cluster at " + flink;
  }
}
