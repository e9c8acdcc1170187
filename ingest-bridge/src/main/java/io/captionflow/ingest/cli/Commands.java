package io.captionflow.ingest.cli;

import io.captionflow.ingest.publish.PublishBufferFullException;
import io.captionflow.ingest.publish.PublishFailedException;
import io.captionflow.ingest.status.SessionRefusedException;
import java.io.IOException;

/** Turns a source run's outcome into a summary or a one-line error on stderr and an exit code. */
final class Commands {

  /** Exit code when the job refused the session. */
  static final int REFUSED = 3;

  interface Body {
    SourceIngest.Result run() throws IOException, InterruptedException;
  }

  private Commands() {}

  static int report(Body body, String sessionId) throws InterruptedException {
    try {
      SourceIngest.Result r = body.run();
      System.err.printf(
          "session %s: %d chunks, %.2f s of 16 kHz audio published (source %d Hz)%n",
          sessionId, r.chunks(), r.samples16k() / 16000.0, r.sourceRate());
      return 0;
    } catch (SessionRefusedException e) {
      System.err.println(
          "error: the job refused session "
              + e.sessionId()
              + ": "
              + e.reason()
              + "; nothing more of it was published");
      return REFUSED;
    } catch (IOException
        | IllegalArgumentException
        | PublishBufferFullException
        | PublishFailedException
        | org.apache.kafka.common.KafkaException e) {
      Throwable cause = e.getCause();
      System.err.println(
          "error: "
              + e.getMessage()
              + (cause != null
                      && cause.getMessage() != null
                      && !e.getMessage().contains(cause.getMessage())
                  ? ": " + cause.getMessage()
                  : ""));
      return 1;
    }
  }
}
