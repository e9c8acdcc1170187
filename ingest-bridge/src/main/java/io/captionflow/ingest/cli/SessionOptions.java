package io.captionflow.ingest.cli;

import io.captionflow.ingest.SessionId;
import io.captionflow.ingest.session.SessionSettings;
import picocli.CommandLine.Option;

/** The session a source publishes to, and its announced language and latency mode. */
public class SessionOptions {

    @Option(names = "--session", required = true, paramLabel = "ID",
            description = "Session id (Kafka key): 1-128 characters of A-Z a-z 0-9 . _ -")
    String sessionId;

    @Option(names = "--lang", paramLabel = "TAG", description = "Language (BCP-47, e.g. en, de); default: the job's")
    String language;

    @Option(names = "--mode", paramLabel = "MODE", description = "Latency mode, e.g. speedy, pause-based; default: the job's")
    String mode;

    String sessionId() {
        return SessionId.require(sessionId);
    }

    SessionSettings settings(String sourceDescription) {
        return new SessionSettings(language, mode, sourceDescription);
    }
}
