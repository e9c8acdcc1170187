package io.captionflow.launcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.schema.Topics;
import io.captionflow.testsupport.TestKafka;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code job --flink HOST:PORT}: the job is submitted to a running cluster's REST endpoint and runs
 * there.
 */
class JobSubmitITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  @Test
  void submitsToTheClusterRestEndpoint(
      @InjectClusterClient RestClusterClient<?> cluster, @TempDir Path dir) throws Exception {
    TestKafka.Broker kafka = TestKafka.shared();
    String prefix = "submit-" + UUID.randomUUID() + ".";
    Topics topics = Topics.DEFAULT.withPrefix(prefix);
    kafka.createTopics(
        List.of(topics.audio(), topics.sessionEvents(), topics.segments(), topics.deadLetters()),
        1);
    // The cluster runs in this JVM with our classes on its classpath; the shipped jar only has to
    // exist.
    Path jar = dir.resolve("job.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, new Manifest())) {
      // empty
    }
    URI rest = URI.create(cluster.getWebInterfaceURL());
    TestStreamEnvironment
        .unsetAsContext(); // a remote environment refuses to start inside the test context
    int exit =
        new CommandLine(new JobCommand())
            .execute(
                "--flink",
                rest.getHost() + ":" + rest.getPort(),
                "--job-jar",
                jar.toString(),
                "--bootstrap",
                kafka.bootstrapServers(),
                "--topic-prefix",
                prefix,
                "--model",
                FixtureAudio.modelDir().toString());
    assertEquals(0, exit);

    JobID running = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (running == null && System.nanoTime() < deadline) {
      for (JobStatusMessage job : cluster.listJobs().get()) {
        if (job.getJobName().equals("captionflow") && job.getJobState() == JobStatus.RUNNING) {
          running = job.getJobId();
        }
      }
      Thread.sleep(200);
    }
    assertEquals(JobStatus.RUNNING, cluster.getJobStatus(running).get());
    cluster.cancel(running).get();
  }
}
