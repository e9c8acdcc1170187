package io.captionflow.ingest.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.schema.SessionState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRunsTest {

  @Test
  void aRefusalOfARunNotClosedBeforeIsReportedOnce() {
    SessionRuns runs = new SessionRuns(10);
    assertEquals(Optional.empty(), runs.refusal("a", 0, SessionState.STARTED, null));
    assertEquals(Optional.of("full"), runs.refusal("a", 0, SessionState.REFUSED, "full"));
    // a replayed duplicate of the same run (job recovery) is not a new refusal
    assertEquals(Optional.empty(), runs.refusal("a", 0, SessionState.REFUSED, "full"));
    assertEquals(Optional.of("no reason given"), runs.refusal("b", 0, SessionState.REFUSED, null));
  }

  @Test
  void statusesOfAnEndedRunDoNotConcernTheNextRun() {
    SessionRuns runs = new SessionRuns(10);
    assertEquals(Optional.empty(), runs.refusal("a", 3, SessionState.ENDED, null));
    assertEquals(Optional.empty(), runs.refusal("a", 3, SessionState.REFUSED, "stale"));
    assertEquals(Optional.empty(), runs.refusal("a", 2, SessionState.REFUSED, "older"));
    assertEquals(Optional.of("full"), runs.refusal("a", 4, SessionState.REFUSED, "full"));
  }

  @Test
  void theOldestSessionIsForgottenBeyondCapacity() {
    SessionRuns runs = new SessionRuns(2);
    runs.refusal("a", 0, SessionState.EXPIRED, null);
    runs.refusal("b", 0, SessionState.EXPIRED, null);
    runs.refusal("c", 0, SessionState.EXPIRED, null);
    assertEquals(Optional.of("x"), runs.refusal("a", 0, SessionState.REFUSED, "x"));
    assertEquals(Optional.empty(), runs.refusal("c", 0, SessionState.REFUSED, "x"));
  }
}
