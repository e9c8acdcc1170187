package io.captionflow.launcher.job;

import io.captionflow.job.JobConfig;
import io.captionflow.job.ModelOptions;
import io.captionflow.job.enhance.EnhancementOptions;
import io.captionflow.job.enhance.EnhancementRunner;
import io.captionflow.job.enhance.Enhancer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code captionflow enhancer}: the service that enhances every run whose session asked for it
 * ({@code enhanceOnEnd}) once the run has fully ended, a bounded number at a time.
 */
@Command(
    name = "enhancer",
    mixinStandardHelpOptions = true,
    description = {
      "Watch the segments topic and enhance each run that ended (ENDED or EXPIRED) and asked for it",
      "at its START (enhanceOnEnd), once, at most --max-concurrent at a time; runs already ENHANCED",
      "on the topic are skipped. Runs until stopped."
    })
public final class EnhancerCommand implements Callable<Integer> {

  @Option(
      names = "--max-concurrent",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "enhancement jobs at once; later runs wait in a queue (default: ${DEFAULT-VALUE})")
  int maxConcurrent;

  @Option(
      names = "--since",
      defaultValue = "PT24H",
      description =
          "how far back to read the segments topic at start: runs that ended since then and are"
              + " not ENHANCED yet are enhanced (default: ${DEFAULT-VALUE})")
  Duration since;

  @Mixin EnhancementOptions options = new EnhancementOptions();

  @Mixin EnhancementCluster cluster = new EnhancementCluster();

  @Override
  public Integer call() throws Exception {
    ModelOptions.trustAvroPackages();
    JobConfig config = options.config();
    EnhancementRunner runner =
        new EnhancementRunner(
            config,
            options.readTimeout(),
            cluster.environments(),
            options.retry(),
            line -> System.err.println(line));
    try (Enhancer enhancer =
        new Enhancer(
            config.bootstrapServers(),
            config.topics().segments(),
            key -> runner.enhance(key.sessionId(), OptionalLong.of(key.run())),
            maxConcurrent,
            since,
            line -> System.out.println(line))) {
      Runtime.getRuntime().addShutdownHook(new Thread(enhancer::close, "enhancer-shutdown"));
      System.out.println(
          "enhancer: watching "
              + config.topics().segments()
              + ", at most "
              + maxConcurrent
              + " at a time on "
              + cluster.where());
      enhancer.run();
    }
    return 0;
  }
}
