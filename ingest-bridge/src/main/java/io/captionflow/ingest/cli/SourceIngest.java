package io.captionflow.ingest.cli;

import io.captionflow.ingest.BridgeConfig;
import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.ingest.publish.KafkaAudioPublisher;
import io.captionflow.ingest.source.AudioSource;
import io.captionflow.ingest.source.SourcePump;
import io.captionflow.ingest.status.JobStatusWatcher;
import io.captionflow.schema.wire.StartSettings;
import java.io.IOException;

/**
 * Runs one source into one session on Kafka: publisher + session + pump, then waits for every
 * acknowledgement. The job refusing the session stops it with {@link
 * io.captionflow.ingest.status.SessionRefusedException}.
 */
public final class SourceIngest {

  /** What was published. */
  public record Result(long sourceSamples, int sourceRate, long chunks, long samples16k) {}

  private SourceIngest() {}

  public static Result run(
      BridgeConfig config,
      String sessionId,
      StartSettings settings,
      AudioSource source,
      double speed,
      SourcePump.Progress progress)
      throws IOException, InterruptedException {
    try (KafkaAudioPublisher publisher = new KafkaAudioPublisher(config);
        source) {
      SessionChunker session =
          new SessionChunker(
              sessionId,
              settings,
              publisher,
              config.chunkMillis(),
              config.maxBlock(),
              System::currentTimeMillis);
      try (JobStatusWatcher refusals =
          new JobStatusWatcher(config, sessionId::equals, (id, reason) -> session.refuse(reason))
              .start()) {
        long read;
        try {
          read = new SourcePump(speed, progress).run(source, session);
        } catch (IOException | RuntimeException e) {
          session.requireNotRefused(); // a refusal is the reason to report, not what it broke
          throw e;
        }
        session.requireNotRefused();
        publisher.flush();
        return new Result(read, source.sampleRate(), session.nextSequence(), session.samples16k());
      }
    }
  }
}
