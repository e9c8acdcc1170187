package io.captionflow.job.confirmation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class ConfirmedTailTest {

  private static TimedToken t(int id, double start) {
    return new TimedToken(id, "\u2581w" + id, start, start + 0.16, 0.9f);
  }

  @Test
  void aTokenMatchesWithinTwoFramesOfTheSameConfirmedPiece() {
    ConfirmedTail tail = new ConfirmedTail();
    tail.remember(t(7, 1.0));
    assertTrue(tail.matches(t(7, 1.15)));
    assertTrue(tail.matches(t(7, 0.85)));
    assertFalse(tail.matches(t(7, 1.17)));
    assertFalse(tail.matches(t(8, 1.0)));
  }

  @Test
  void aPieceCutByTheWindowStartIsOneThatStartedUpToOneSecondBeforeIt() {
    ConfirmedTail tail = new ConfirmedTail();
    tail.remember(t(7, 1.0));
    assertTrue(tail.cutByWindowStart(t(7, 1.5), 1.2));
    assertTrue(tail.cutByWindowStart(t(7, 2.0), 2.0));
    assertFalse(tail.cutByWindowStart(t(7, 2.1), 2.1)); // started more than 1 s before
    assertFalse(tail.cutByWindowStart(t(7, 1.0), 1.0)); // not before the window start
  }

  @Test
  void keepsTheLatest64TokensForgetsOldOnesAndRoundTrips() throws Exception {
    ConfirmedTail tail = new ConfirmedTail();
    for (int i = 0; i < 65; i++) {
      tail.remember(t(i, i));
    }
    assertFalse(tail.matches(t(0, 0)));
    assertTrue(tail.matches(t(1, 1)));
    tail.forgetBefore(10.0);
    assertFalse(tail.matches(t(9, 9)));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    tail.write(new DataOutputStream(bytes));
    ConfirmedTail read = new ConfirmedTail();
    read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertTrue(read.matches(t(10, 10)));
    assertTrue(read.matches(t(64, 64)));
    assertFalse(read.matches(t(9, 9)));
  }
}
