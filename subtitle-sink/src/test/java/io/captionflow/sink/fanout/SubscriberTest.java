package io.captionflow.sink.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.sink.CapturingOutbound;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriberTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final FanoutStats stats = new FanoutStats();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void sendsInOrderAndSurvivesLongInlineCompletingBacklogs() {
    CapturingOutbound out = new CapturingOutbound();
    Subscriber s = new Subscriber("s", false, out, 10, stats, scheduler, 1000);
    List<String> backlog = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      backlog.add("h" + i);
    }
    s.start(backlog);
    assertTrue(s.offer(OutgoingMessage.live("live")));
    assertEquals(50_001, out.sent.size());
    assertEquals("h0", out.sent.get(0));
    assertEquals("h49999", out.sent.get(49_999));
    assertEquals("live", out.sent.get(50_000));
    assertEquals(50_001, stats.messagesSent());
    // h0..h9 are 2 bytes, h10..h99 3, h100..h999 4, h1000..h9999 5, h10000..h49999 6, live 4
    assertEquals(10 * 2 + 90 * 3 + 900 * 4 + 9000 * 5 + 40_000 * 6 + 4, stats.bytesSent());
    assertEquals(1, stats.publishLatency().count(), "only the live message is timed, not history");
    assertEquals((50_000 + Subscriber.MAX_BATCH - 1) / Subscriber.MAX_BATCH + 1, out.writes);
  }

  @Test
  void aSubscriberThatFellBehindGetsEverythingQueuedInOneWrite() {
    CapturingOutbound out = new CapturingOutbound();
    Subscriber s = new Subscriber("s", false, out, 10, stats, scheduler, 1000);
    s.start(List.of());
    out.holdSends = true; // m0's write waits on a slow peer
    for (int i = 0; i < 5; i++) {
      assertTrue(s.offer(OutgoingMessage.live("m" + i)));
    }
    assertEquals(List.of("m0"), out.sent);
    assertEquals(4, s.queued());
    out.releaseHeldSend();
    assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), out.sent);
    assertEquals(2, out.writes, "m1..m4 went out together");
    assertEquals(0, s.queued());
    assertEquals(5, stats.messagesSent());
  }

  @Test
  void subscriberThatStopsReadingIsDroppedWithCloseCodeAfterTheLimit() {
    CapturingOutbound out = new CapturingOutbound();
    out.holdSends = true; // the first send never completes: the peer stopped reading
    Subscriber s = new Subscriber("s", false, out, 3, stats, scheduler, 1000);
    s.start(List.of("hello", "history"));
    for (int i = 0; i < 3; i++) {
      assertTrue(
          s.offer(OutgoingMessage.live("m" + i)),
          "message " + i + " fits (hello and history are in the first, unfinished write)");
    }
    assertFalse(s.offer(OutgoingMessage.live("m3")));
    assertTrue(s.isFinished());
    assertEquals(CloseCodes.TOO_SLOW, out.closeCode);
    assertEquals("too slow: more than 3 messages waiting", out.closeReason);
    assertEquals(1, stats.subscribersDroppedTooSlow());
    assertEquals(4, stats.messagesDiscarded(), "m0..m2 queued, and m3 itself");
    assertEquals(List.of("hello", "history"), out.sent);
    assertFalse(s.offer(OutgoingMessage.live("m5")), "a dropped subscriber takes nothing more");
  }

  @Test
  void silentPeerIsClosedByTheHeartbeatAndLivePeerIsPinged() throws Exception {
    CapturingOutbound out = new CapturingOutbound();
    Subscriber s = new Subscriber("s", false, out, 3, stats, scheduler, 0);
    s.heartbeat(60_000);
    assertEquals(1, out.pings);
    Thread.sleep(30);
    s.heartbeat(10);
    assertEquals(CloseCodes.NO_HEARTBEAT, out.closeCode);
    assertEquals(1, stats.subscribersReapedSilent());
    Thread.sleep(100);
    assertTrue(out.disconnected, "cut after the close grace");
  }
}
