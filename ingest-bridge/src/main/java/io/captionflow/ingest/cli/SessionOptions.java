package io.captionflow.ingest.cli;

import io.captionflow.ingest.SessionId;
import io.captionflow.schema.wire.StartSettings;
import picocli.CommandLine.Option;

/** The session a source publishes to, and its announced language and latency mode. */
public class SessionOptions {

  @Option(
      names = "--session",
      required = true,
      paramLabel = "ID",
      description = "Session id (Kafka key): 1-128 characters of A-Z a-z 0-9 . _ -")
  String sessionId;

  @Option(
      names = "--lang",
      paramLabel = "TAG",
      description = "Language (BCP-47, e.g. en, de); default: the job's")
  String language;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "Latency mode, e.g. speedy, pause-based; default: the job's")
  String mode;

  @Option(
      names = "--diarization",
      description =
          "Speaker diarization: words and segments carry who spoke (the job needs a Sortformer model, or it refuses the session)")
  boolean diarization;

  @Option(
      names = "--enhance-on-end",
      description =
          "After the session ends, re-transcribe its whole recording with full context (the"
              + " enhanced transcript: /api/sessions/ID/enhanced.vtt on the sink); needs the"
              + " enhancer service")
  boolean enhanceOnEnd;

  @Option(
      names = "--speakers",
      paramLabel = "N",
      description = "With --diarization: at most N speakers, 1-4 (default: 4)")
  Integer speakers;

  String sessionId() {
    return SessionId.require(sessionId);
  }

  StartSettings settings(String sourceDescription) {
    if (speakers != null && !diarization) {
      throw new IllegalArgumentException("--speakers " + speakers + " needs --diarization");
    }
    return new StartSettings(
        language,
        mode,
        sourceDescription,
        diarization,
        speakers == null ? StartSettings.MAX_SPEAKERS : speakers,
        enhanceOnEnd);
  }
}
