package io.captionflow.ingest.source.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.ingest.RecordingSink;
import io.captionflow.ingest.session.SessionSettings;
import io.captionflow.schema.SessionEventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

  private final RecordingSink sink = new RecordingSink();
  private final RoomRegistry rooms =
      new RoomRegistry(sink, 100, Duration.ZERO, Duration.ofMinutes(5), () -> 1L);

  @Test
  void aConnectionThatLeavesBeforeAnyAudioLeavesNoSessionBehind() throws InterruptedException {
    Object connection = new Object();
    RoomRegistry.Room room =
        rooms.attach("hall", new SessionSettings("en", null, null), connection).room();
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
}
