package io.captionflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.asr.TimedWord;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.cli.SourceIngest;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.StartSettings;
import io.captionflow.sink.access.SubscribeTokens;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline end to end with the built-in fixture model: synthetic speech → bridge → Kafka
 * → Flink job → Kafka → subtitle sink → a real WebSocket client, which must receive exactly the
 * expected words and times. Exit 0 only then.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = {
      "Runs synthetic speech through bridge, Kafka, the Flink job and the subtitle sink to a real WebSocket "
          + "client with the built-in fixture model (no weights needed); exits 0 only if exactly the expected "
          + "subtitles arrive, as segments and as final words. Prints per-segment and per-word latency "
          + "(wall clock from a word's end to this final-only client)."
    })
public final class SelftestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "use this Kafka cluster (default: an in-process broker)")
  String kafka;

  @Option(
      names = "--flink",
      paramLabel = "HOST:PORT",
      description =
          "submit the selftest job to this Flink cluster's REST endpoint (default: a local cluster); "
              + "its task managers must see --fixture-dir at the same path")
  String flink;

  @Option(
      names = "--job-jar",
      paramLabel = "JAR",
      description = "job jar shipped with --flink (default: flink-job/target/flink-job-*-job.jar)")
  Path jobJar;

  @Option(
      names = "--fixture-dir",
      paramLabel = "DIR",
      description = "where to write the fixture model (default: a temporary directory)")
  Path fixtureDir;

  @Option(
      names = "--mode",
      defaultValue = "speedy",
      description = "latency mode of the session (default ${DEFAULT-VALUE})")
  String mode;

  @Option(
      names = "--seconds",
      defaultValue = "0",
      description =
          "stream this many seconds of fixture phrases instead of the two short sentences "
              + "(more words for latency percentiles; at least 10)")
  double seconds;

  @Option(
      names = "--timeout",
      defaultValue = "PT2M",
      description = "give up after this long (ISO-8601, default ${DEFAULT-VALUE})")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path modelDir =
        fixtureDir != null ? fixtureDir : Files.createTempDirectory("captionflow-selftest-model");
    ToneLanguage language = ToneLanguageFixture.write(modelDir);
    if (seconds != 0 && seconds < 10) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seconds must be at least 10, got " + seconds);
    }
    FixtureSpeech speech =
        seconds > 0
            ? FixtureSpeech.phrases(language, seconds)
            : FixtureSpeech.twoSentences(language);
    String session = "selftest-" + HexFormat.of().formatHex(randomBytes(4));
    String token = HexFormat.of().formatHex(randomBytes(16));
    // On a shared cluster the selftest keeps to its own topics.
    Topics topics =
        kafka == null ? Topics.DEFAULT : Topics.DEFAULT.withPrefix("captionflow-selftest.");
    LocalStack.Settings settings =
        new LocalStack.Settings(
            kafka,
            flink,
            jobJar != null ? jobJar : JobJar.find(),
            null,
            0,
            topics,
            ModelSpec.parakeet(modelDir, "cpu", null),
            Duration.ofSeconds(1),
            SubscribeTokens.parse(session + "=" + token),
            false);

    out.printf(
        "selftest: session %s, %.1f s of fixture speech: \"%s\"%n",
        session, speech.seconds(), speech.expectedText());
    out.flush();
    long started = System.currentTimeMillis();
    try (LocalStack stack = LocalStack.start(settings);
        SubtitleClient client =
            SubtitleClient.connect(
                URI.create(
                    "ws://127.0.0.1:"
                        + stack.sink().port()
                        + "/ws/sessions/"
                        + session
                        + "?token="
                        + token),
                Duration.ofSeconds(10))) {
      BridgeConfig bridge =
          BridgeConfig.fromEnvironment(System.getenv())
              .withBootstrapServers(stack.bootstrapServers())
              .withTopics(topics);
      SourceIngest.run(
          bridge,
          session,
          new StartSettings("en", mode, "selftest"),
          SamplesSource.of(speech.audio(), ToneLanguage.SAMPLE_RATE, "selftest:tone-language"),
          1.0,
          (done, total) -> {});
      long deadline = started + timeout.toMillis();
      while (wordsOf(client.segments()).size() < speech.expectedWords().size()
          && !client.sessionEnded()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      return report(out, speech, client.segments(), client.finalWords());
    }
  }

  private int report(
      PrintWriter out,
      FixtureSpeech speech,
      List<SubtitleClient.Received> segments,
      List<SubtitleClient.Received> finalWords) {
    out.println("segment  latency  [start - end]  text");
    for (SubtitleClient.Received r : segments) {
      JsonNode s = r.message();
      long latency = r.receivedAtMillis() - s.path("captureTimeMillis").asLong();
      out.printf(
          "%7d  %5d ms  [%5.2f - %5.2f]  %s%n",
          s.path("sequence").asLong(),
          latency,
          s.path("start").asDouble(),
          s.path("end").asDouble(),
          s.path("text").asText());
    }
    List<TimedWord> got = wordsOf(segments);
    List<String> problems = compare(speech.expectedWords(), got);
    WordLatency.report(out, mode, finalWords, segments);
    compare(speech.expectedWords(), wordsOf(finalWords))
        .forEach(p -> problems.add("final words: " + p));
    if (problems.isEmpty()) {
      out.printf(
          "PASS: %d words in %d segments and %d final-words messages, exactly as expected%n",
          got.size(), segments.size(), finalWords.size());
      out.flush();
      return 0;
    }
    out.println("FAIL: the subtitles differ from the expected transcript:");
    problems.forEach(p -> out.println("  " + p));
    out.flush();
    return 1;
  }

  static List<TimedWord> wordsOf(List<SubtitleClient.Received> segments) {
    List<TimedWord> words = new ArrayList<>();
    for (SubtitleClient.Received r : segments) {
      for (JsonNode w : r.message().path("words")) {
        words.add(
            new TimedWord(
                w.path("text").asText(),
                w.path("start").asDouble(),
                w.path("end").asDouble(),
                (float) w.path("confidence").asDouble()));
      }
    }
    return words;
  }

  /**
   * Word texts and times must match to the microsecond; confidence is not part of the expectation.
   */
  static List<String> compare(List<TimedWord> expected, List<TimedWord> got) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), got.size()); i++) {
      TimedWord e = i < expected.size() ? expected.get(i) : null;
      TimedWord g = i < got.size() ? got.get(i) : null;
      if (e == null) {
        problems.add("unexpected word " + i + ": " + describe(g));
      } else if (g == null) {
        problems.add("missing word " + i + ": " + describe(e));
      } else if (!e.text().equals(g.text())
          || Math.abs(e.startSeconds() - g.startSeconds()) > 1e-6
          || Math.abs(e.endSeconds() - g.endSeconds()) > 1e-6) {
        problems.add("word " + i + ": expected " + describe(e) + ", got " + describe(g));
      }
    }
    return problems;
  }

  private static String describe(TimedWord w) {
    return String.format("'%s' [%.2f - %.2f]", w.text(), w.startSeconds(), w.endSeconds());
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
