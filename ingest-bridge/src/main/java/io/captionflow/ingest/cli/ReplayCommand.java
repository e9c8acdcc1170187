package io.captionflow.ingest.cli;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.SessionId;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.ingest.publish.PublishBufferFullException;
import io.captionflow.ingest.publish.PublishFailedException;
import io.captionflow.ingest.replay.Recording;
import io.captionflow.ingest.replay.RecordingReader;
import io.captionflow.ingest.replay.SessionReplayer;
import io.captionflow.ingest.replay.WavExport;
import io.captionflow.schema.AudioChunk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replay}: publish a recorded session again under a new id, or export it to a WAV file. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Re-publish a recorded session's chunks from the audio topic as a new session (START/END included),",
      "or export them with --to-file. Recordings last as long as the audio topic's retention."
    })
public class ReplayCommand implements Callable<Integer> {

  @Option(
      names = "--session",
      required = true,
      paramLabel = "ID",
      description = "The recorded session")
  String sessionId;

  @Option(
      names = "--as",
      paramLabel = "NEWID",
      description = "Id of the new session (default: <ID>-replay-<n>)")
  String newId;

  @Option(
      names = "--from",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "Start at the chunk containing this time (default: ${DEFAULT-VALUE})")
  double fromSeconds;

  @ArgGroup(exclusive = true)
  Pace pace;

  static class Pace {
    @Option(
        names = "--speed",
        paramLabel = "X",
        description = "Publish at X times real time (default: 1)")
    double speed;

    @Option(names = "--max", description = "Publish as fast as Kafka takes it")
    boolean max;
  }

  @Option(
      names = "--to-file",
      paramLabel = "OUT.wav",
      description = "Write the recording to a WAV file instead of publishing")
  Path toFile;

  @Option(
      names = "--read-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up reading the topics after this long (default: ${DEFAULT-VALUE})")
  long readTimeoutSeconds;

  @Mixin KafkaOptions kafka;

  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new ReplayCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try {
      SessionId.require(sessionId);
      double speed = pace == null ? 1 : pace.max ? 0 : pace.speed;
      if (pace != null && !pace.max && !(speed > 0)) {
        throw new IllegalArgumentException("--speed must be > 0, got " + pace.speed);
      }
      BridgeConfig config = kafka.toConfig();
      Recording recording =
          new RecordingReader(config, Duration.ofSeconds(readTimeoutSeconds)).read(sessionId);
      if (recording.chunks().isEmpty()) {
        throw new IllegalArgumentException(
            "no recorded chunks for session '"
                + sessionId
                + "' in topic "
                + config.topics().audio()
                + " (expired by retention, or a different topic prefix?)");
      }
      if (!recording.gaps().isEmpty()) {
        System.err.println(
            "warning: the recording misses "
                + recording.gaps().size()
                + " chunk(s), first "
                + recording.gaps().get(0));
      }
      if (!recording.isComplete()) {
        System.err.println(
            "warning: the recording has no end-of-stream chunk (session still live or cut off)");
      }
      if (toFile != null) {
        List<AudioChunk> exported = SessionReplayer.from(recording, fromSeconds);
        // from the start, missing first chunks are silence as in the job; later, the chunk is first
        long first = fromSeconds == 0 ? 0 : exported.get(0).getSequence();
        long samples = WavExport.write(exported, toFile, first);
        System.err.printf(
            "session %s: %.2f s written to %s%n",
            sessionId, samples / (double) recording.chunks().get(0).getSampleRate(), toFile);
        return 0;
      }
      String target =
          newId != null ? SessionId.require(newId) : SessionReplayer.nextReplayId(recording);
      try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config)) {
        int chunks =
            new SessionReplayer(publisher, config.maxBlock(), System::currentTimeMillis)
                .replay(recording, target, fromSeconds, speed);
        publisher.flush();
        System.err.printf("session %s replayed as %s: %d chunks%n", sessionId, target, chunks);
        System.out.println(target);
      }
      return 0;
    } catch (IllegalArgumentException
        | IllegalStateException
        | PublishBufferFullException
        | PublishFailedException
        | java.io.IOException
        | org.apache.kafka.common.KafkaException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
