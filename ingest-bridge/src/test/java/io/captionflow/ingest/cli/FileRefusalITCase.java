package io.captionflow.ingest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavWriter;
import io.captionflow.ingest.JobStatuses;
import io.captionflow.ingest.KafkaRecords;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.Topics;
import io.captionflow.testsupport.TestKafka;
import io.captionflow.testsupport.TestProducers;
import io.captionflow.testsupport.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bridge file} of a live-paced file: the job's REFUSED status for its session stops it with
 * exit code 3 and the job's reason, and nothing more of the file is published.
 */
class FileRefusalITCase {

  private final TestKafka.Broker broker = TestKafka.shared();

  @TempDir Path dir;

  @Test
  void aRefusedSessionStopsTheCommandWithExitCode3AndTheReason() throws Exception {
    Topics topics = TestTopics.create(broker, 1);
    broker.createTopics(List.of(topics.segments()), 1); // the job's topic, which the bridge watches
    String prefix =
        topics.audio().substring(0, topics.audio().length() - Topics.DEFAULT.audio().length());
    Path wav = dir.resolve("ten-seconds.wav");
    float[] tone = new float[16_000 * 10];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.1 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }
    WavWriter.write(wav, new PcmAudio(tone, 16_000));
    String reason = "this job subtask already transcribes 2 sessions, its limit";

    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  new CommandLine(new BridgeCommand())
                      .execute(
                          "file",
                          wav.toString(),
                          "--realtime",
                          "--session=refused-file",
                          "--bootstrap=" + broker.bootstrapServers(),
                          "--topic-prefix=" + prefix));
      // once its audio flows, the job refuses it
      KafkaRecords.read(
          broker.bootstrapServers(),
          topics.audio(),
          AvroCodec.audioChunk(),
          list -> list.size() >= 5,
          Duration.ofSeconds(30));
      try (KafkaProducer<String, byte[]> job = TestProducers.keyed(broker.bootstrapServers())) {
        job.send(JobStatuses.refusal(topics, "refused-file", 0, reason)).get(10, TimeUnit.SECONDS);
      }
      assertEquals(3, exit.get(30, TimeUnit.SECONDS));
    } finally {
      System.setErr(original);
    }
    assertTrue(
        stderr
            .toString(StandardCharsets.UTF_8)
            .contains(
                "error: the job refused session refused-file: "
                    + reason
                    + "; nothing more of it was published"),
        stderr.toString(StandardCharsets.UTF_8));
    List<AudioChunk> published =
        KafkaRecords.read(
            broker.bootstrapServers(),
            topics.audio(),
            AvroCodec.audioChunk(),
            list -> !list.isEmpty(),
            Duration.ofSeconds(10));
    assertTrue(
        published.size() < 100,
        "the 10 s file (100 chunks) stopped at the refusal, got " + published.size());
    assertTrue(published.stream().noneMatch(AudioChunk::getEndOfStream), "no end was published");
  }
}
