package io.captionflow.ingest.source.websocket;

import io.captionflow.ingest.publish.AudioSink;
import io.captionflow.ingest.session.SessionAudio;
import io.captionflow.ingest.session.SessionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms and their sessions: a room name is the session id. One publisher per room at a time. A
 * publisher that disconnects without ending keeps the session open for the grace period, so
 * reconnecting continues the same session (sequence numbers go on); when the grace period passes,
 * the bridge ends the session itself. A session starts (START published) with its first audio, so a
 * connection refused before any audio leaves no session behind.
 */
public final class RoomRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);

  /** A room claimed by one connection. */
  public static final class Room {
    private final String name;
    private final SessionAudio session;
    private Object owner;
    private ScheduledFuture<?> expiry;
    private boolean ending;

    private Room(String name, SessionAudio session) {
      this.name = name;
      this.session = session;
    }

    public String name() {
      return name;
    }

    public SessionAudio session() {
      return session;
    }
  }

  /** The claimed room, and whether it continues a session left within the grace period. */
  public record Attachment(Room room, boolean resumed) {}

  /** A room the job refused, and its connection (null while it waited for a reconnect). */
  public record Refused(Room room, Object connection) {}

  private final AudioSink sink;
  private final int chunkMillis;
  private final Duration publishWait;
  private final Duration grace;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Room> rooms = new HashMap<>();

  public RoomRegistry(
      AudioSink sink, int chunkMillis, Duration publishWait, Duration grace, LongSupplier clock) {
    this.sink = sink;
    this.chunkMillis = chunkMillis;
    this.publishWait = publishWait;
    this.grace = grace;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-room-expiry");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Claims {@code name} for {@code connection}, resuming its session if one is open, and announces
   * the language and mode (a resumed session gets a new START when they differ from its own; null
   * keeps the current value). A new session publishes nothing until its first audio.
   *
   * @throws RoomBusyException when another connection publishes to the room or it is ending
   */
  public Attachment attach(String name, String language, String mode, Object connection)
      throws InterruptedException {
    return attach(name, new SessionSettings(language, mode, "ws:" + name), connection);
  }

  /**
   * As {@link #attach(String, String, String, Object)}, with the whole requested settings: a new
   * session takes them all; a resumed one takes the language and mode (diarization stays as the
   * session started).
   */
  public Attachment attach(String name, SessionSettings requested, Object connection)
      throws InterruptedException {
    String language = requested.language();
    String mode = requested.latencyMode();
    Room room;
    boolean resumed;
    synchronized (this) {
      room = rooms.get(name);
      if (room != null && (room.owner != null || room.ending)) {
        throw new RoomBusyException(
            room.ending
                ? "room '" + name + "' is ending; retry in a moment"
                : "room '" + name + "' already has a publisher");
      }
      resumed = room != null;
      if (room == null) {
        SessionSettings settings =
            new SessionSettings(
                language,
                mode,
                "ws:" + name,
                requested.diarization(),
                requested.maxSpeakers(),
                requested.enhanceOnEnd());
        room =
            new Room(name, new SessionAudio(name, settings, sink, chunkMillis, publishWait, clock));
        rooms.put(name, room);
      } else if (room.expiry != null) {
        room.expiry.cancel(false);
        room.expiry = null;
      }
      room.owner = connection;
    }
    if (resumed) {
      room.session.changeSettings(room.session.settings().with(language, mode));
    }
    return new Attachment(room, resumed);
  }

  /**
   * The connection went away without ending: the session stays open for the grace period, or, when
   * no audio started it, the room is forgotten at once (nothing was published for it).
   */
  public void disconnected(Room room, Object connection) {
    synchronized (this) {
      if (room.owner != connection || rooms.get(room.name) != room) {
        return;
      }
      room.owner = null;
      if (!room.session.isStarted()) {
        rooms.remove(room.name);
        LOG.info("room {}: publisher left before any audio; no session was started", room.name);
        return;
      }
      room.expiry = timer.schedule(() -> expire(room), grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "room {}: publisher disconnected; session stays open for {} s",
        room.name,
        grace.toSeconds());
  }

  /** Ends the room's session now (final message or explicit end) on behalf of its connection. */
  public void end(Room room, Object connection) throws InterruptedException {
    synchronized (this) {
      if (room.owner != connection || room.ending) {
        return;
      }
      room.ending = true;
    }
    finish(room);
  }

  /**
   * The job refused the room's session: the room is forgotten at once, without END (the job
   * transcribes none of it), and its session publishes nothing more. Empty when no session of that
   * name is open here (a room without audio has no session the job could have refused).
   */
  public Optional<Refused> refuse(String name, String reason) {
    Room room;
    Object connection;
    synchronized (this) {
      room = rooms.get(name);
      if (room == null || room.ending || !room.session.isStarted()) {
        return Optional.empty();
      }
      room.ending = true;
      rooms.remove(name);
      if (room.expiry != null) {
        room.expiry.cancel(false);
        room.expiry = null;
      }
      connection = room.owner;
      room.owner = null;
    }
    room.session.refuse(reason);
    return Optional.of(new Refused(room, connection));
  }

  /** Whether a session of that name is open here. */
  public synchronized boolean isOpen(String name) {
    return rooms.containsKey(name);
  }

  /** Rooms with an open session. */
  public synchronized List<String> openRooms() {
    return new ArrayList<>(rooms.keySet());
  }

  private void expire(Room room) {
    synchronized (this) {
      if (room.owner != null || room.ending || rooms.get(room.name) != room) {
        return;
      }
      room.ending = true;
    }
    LOG.info("room {}: no publisher for {} s, ending session", room.name, grace.toSeconds());
    try {
      finish(room);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("room {}: could not end the session: {}", room.name, e.getMessage());
    }
  }

  private void finish(Room room) throws InterruptedException {
    try {
      room.session.end();
    } finally {
      synchronized (this) {
        rooms.remove(room.name, room);
      }
    }
  }

  /** Ends every open session (server shutdown). */
  @Override
  public void close() {
    timer.shutdownNow();
    List<Room> open;
    synchronized (this) {
      open = new ArrayList<>(rooms.values());
      open.forEach(r -> r.ending = true);
    }
    for (Room room : open) {
      try {
        if (!room.session.isStarted()) {
          synchronized (this) {
            rooms.remove(room.name, room);
          }
          continue; // nothing was published for it, so there is nothing to end
        }
        finish(room);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("room {}: could not end the session at shutdown: {}", room.name, e.getMessage());
      }
    }
  }
}
