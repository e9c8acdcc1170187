package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.ingest.RecordingPublisher;
import io.captionflow.ingest.resume.OpenSession;
import io.captionflow.ingest.resume.SessionLookup;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionEventType;
import io.captionflow.schema.wire.StartSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

  private final RecordingPublisher sink = new RecordingPublisher();
  private final RoomRegistry rooms =
      new RoomRegistry(sink, 100, Duration.ZERO, Duration.ofMinutes(5), () -> 1L);

  @Test
  void aConnectionThatLeavesBeforeAnyAudioLeavesNoSessionBehind() throws InterruptedException {
    Object connection = new Object();
    RoomRegistry.Room room =
        rooms.attach("hall", new StartSettings("en", null, null), connection).room();
    assertEquals(List.of("hall"), rooms.openRooms());

    rooms.disconnected(room, connection); // e.g. its first message was refused

    assertEquals(List.of(), rooms.openRooms());
    assertEquals(List.of(), sink.records); // no START, no END: downstream never heard of it
    Object next = new Object();
    assertEquals(false, rooms.attach("hall", "en", null, next).resumed());
  }

  @Test
  void aConnectionThatSentAudioKeepsItsSessionOpenForTheGracePeriod() throws InterruptedException {
    Object connection = new Object();
    RoomRegistry.Room room = rooms.attach("hall", "en", null, connection).room();
    room.session().accept(new float[1600], 16000);

    rooms.disconnected(room, connection);

    assertEquals(List.of("hall"), rooms.openRooms());
    assertEquals(
        List.of(SessionEventType.START), sink.events().stream().map(e -> e.getType()).toList());
    rooms.close(); // shutdown ends it
    assertEquals(
        List.of(SessionEventType.START, SessionEventType.END),
        sink.events().stream().map(e -> e.getType()).toList());
  }

  @Test
  void shutdownPublishesNothingForARoomThatNeverHadAudio() throws InterruptedException {
    rooms.attach("quiet", "en", null, new Object());
    rooms.close();
    assertEquals(List.of(), sink.records);
    assertEquals(List.of(), rooms.openRooms());
  }

  private static final StartSettings LEFT_OPEN =
      new StartSettings("en", "speedy", "ws:hall", true, 2, false);

  /** A registry whose lookup finds {@code open} for every room, counting the lookups. */
  private RoomRegistry registryFinding(OpenSession open, List<String> lookedUp) {
    return new RoomRegistry(
        sink,
        100,
        Duration.ZERO,
        Duration.ofMinutes(5),
        () -> 1L,
        id -> {
          lookedUp.add(id);
          return Optional.ofNullable(open);
        });
  }

  @Test
  void aRoomUnknownHereContinuesTheSessionAnotherBridgeLeftOpen() throws InterruptedException {
    List<String> lookedUp = new ArrayList<>();
    RoomRegistry registry = registryFinding(new OpenSession(8, 8 * 1600, LEFT_OPEN), lookedUp);
    Object connection = new Object();

    RoomRegistry.Attachment attachment =
        registry.attach("hall", new StartSettings("en", null, null), connection);
    attachment.room().session().accept(new float[1600], 16000);
    registry.end(attachment.room(), connection);

    assertEquals(List.of("hall"), lookedUp);
    assertEquals(true, attachment.resumed());
    assertEquals(LEFT_OPEN, attachment.room().session().settings());
    assertEquals(
        List.of("chunk 8", "chunk 9 end-of-stream", "END 9"), describe(sink.records)); // no START
    assertEquals(9 * 1600, attachment.room().session().samples16k()); // 8 chunks, then 1
  }

  @Test
  void aContinuationAskingForAnotherLanguagePublishesAStart() throws InterruptedException {
    RoomRegistry registry =
        registryFinding(new OpenSession(8, 8 * 1600, LEFT_OPEN), new ArrayList<>());
    Object connection = new Object();

    RoomRegistry.Room room =
        registry.attach("hall", new StartSettings("de", null, null), connection).room();
    room.session().accept(new float[1600], 16000);

    assertEquals(List.of("START de speedy", "chunk 8"), describe(sink.records));
  }

  @Test
  void aContinuationWhoseStartWasNotFoundAnnouncesTheRequestedSettings()
      throws InterruptedException {
    RoomRegistry registry = registryFinding(new OpenSession(8, 8 * 1600, null), new ArrayList<>());
    Object connection = new Object();

    RoomRegistry.Attachment attachment =
        registry.attach("hall", new StartSettings("fr", "pause-based", null), connection);
    attachment.room().session().accept(new float[1600], 16000);

    assertEquals(true, attachment.resumed());
    assertEquals(List.of("START fr pause-based", "chunk 8"), describe(sink.records));
  }

  @Test
  void roomsThisProcessKnowsOrFinishedAreNotLookedUp() throws InterruptedException {
    List<String> lookedUp = new ArrayList<>();
    RoomRegistry registry = registryFinding(null, lookedUp);
    Object first = new Object();
    RoomRegistry.Room room = registry.attach("hall", "en", null, first).room();
    room.session().accept(new float[1600], 16000);
    registry.disconnected(room, first);

    Object second = new Object(); // within the grace period: this process's own session
    assertEquals(true, registry.attach("hall", "en", null, second).resumed());
    registry.end(room, second);
    Object third = new Object(); // ended here: its END may still wait in the publish buffer
    RoomRegistry.Attachment fresh = registry.attach("hall", "en", null, third);

    assertEquals(List.of("hall"), lookedUp); // the first attach only
    assertEquals(false, fresh.resumed());
    assertEquals(0, fresh.room().session().nextSequence());
  }

  private static List<String> describe(List<Object> records) {
    return records.stream()
        .map(
            r ->
                r instanceof AudioChunk c
                    ? "chunk " + c.getSequence() + (c.getEndOfStream() ? " end-of-stream" : "")
                    : describe((SessionEvent) r))
        .toList();
  }

  private static String describe(SessionEvent e) {
    return e.getType() == SessionEventType.START
        ? "START " + e.getLanguage() + " " + e.getLatencyMode()
        : "END " + e.getLastSequence();
  }

  @Test
  void aSessionAnotherBridgeContinuedIsForgottenHereWithoutEnd() throws Exception {
    List<Long> askedFrom = new ArrayList<>();
    RoomRegistry registry = registryExpiringAfter(askedFrom, true);
    Object connection = new Object();
    RoomRegistry.Room room = registry.attach("hall", "en", null, connection).room();
    room.session().accept(new float[2 * 1600], 16000);

    registry.disconnected(room, connection);
    awaitClosed(registry, "hall");

    assertEquals(List.of(2L), askedFrom);
    assertEquals(List.of("START en null", "chunk 0", "chunk 1"), describe(sink.records));
  }

  @Test
  void aSessionNobodyContinuedIsEndedWhenTheGracePeriodPasses() throws Exception {
    List<Long> askedFrom = new ArrayList<>();
    RoomRegistry registry = registryExpiringAfter(askedFrom, false);
    Object connection = new Object();
    RoomRegistry.Room room = registry.attach("hall", "en", null, connection).room();
    room.session().accept(new float[2 * 1600], 16000);

    registry.disconnected(room, connection);
    awaitClosed(registry, "hall");

    assertEquals(List.of(2L), askedFrom);
    assertEquals(
        List.of("START en null", "chunk 0", "chunk 1", "chunk 2 end-of-stream", "END 2"),
        describe(sink.records));
  }

  /** A 50 ms grace period; the lookup finds nothing and answers {@code takenOver}. */
  private RoomRegistry registryExpiringAfter(List<Long> askedFrom, boolean takenOver) {
    return new RoomRegistry(
        sink,
        100,
        Duration.ZERO,
        Duration.ofMillis(50),
        () -> 1L,
        new SessionLookup() {
          @Override
          public Optional<OpenSession> find(String sessionId) {
            return Optional.empty();
          }

          @Override
          public synchronized boolean publishedFrom(String sessionId, long sequence) {
            askedFrom.add(sequence);
            return takenOver;
          }
        });
  }

  private static void awaitClosed(RoomRegistry registry, String room) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (registry.isOpen(room)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("room " + room + " still open after 10 s");
      }
      Thread.sleep(10);
    }
  }
}
