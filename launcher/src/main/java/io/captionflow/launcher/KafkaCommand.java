package io.captionflow.launcher;

import io.captionflow.kafka.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captionflow kafka}: a single-node KRaft broker in the foreground, until killed. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local single-node Kafka broker (KRaft, from the Kafka jars) in the foreground until "
          + "killed; prints its bootstrap address. With --data-dir its topics survive a restart."
    })
public final class KafkaCommand implements Callable<Integer> {

  /** The line printed once the broker serves, which scripts (and {@code chaos}) wait for. */
  static final String SERVING = "kafka: serving on ";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "client port on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "log directory, kept across restarts (default: a temporary directory, deleted on exit)")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(port, dataDir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "kafka-shutdown"));
    broker.start();
    out.println(SERVING + broker.bootstrapServers());
    out.flush();
    stopped.await();
    return 0;
  }
}
