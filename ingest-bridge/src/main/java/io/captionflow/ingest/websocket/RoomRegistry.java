package io.captionflow.ingest.websocket;

import io.captionflow.ingest.chunking.SessionChunker;
import io.captionflow.ingest.publish.AudioPublisher;
import io.captionflow.ingest.resume.OpenSession;
import io.captionflow.ingest.resume.SessionLookup;
import io.captionflow.schema.wire.StartSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * the bridge ends the session itself. A room this process does not know continues the session its
 * lookup finds left open by another bridge process (one that was killed, or one the publisher left
 * for this one); a room whose session another process continued meanwhile is forgotten here without
 * END. A session starts (START published) with its first audio, so a connection refused before any
 * audio leaves no session behind.
 */
public final class RoomRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
  private static final int REMEMBERED_FINISHED = 4096;

  /** A room claimed by one connection. */
  public static final class Room {
    private final String name;
    private final SessionChunker session;
    private Object owner;
    private ScheduledFuture<?> expiry;
    private boolean ending;

    private Room(String name, SessionChunker session) {
      this.name = name;
      this.session = session;
    }

    public String name() {
      return name;
    }

    public SessionChunker session() {
      return session;
    }
  }

  /**
   * The claimed room, and whether it continues a session left open: here within the grace period,
   * or by another bridge process.
   */
  public record Attachment(Room room, boolean resumed) {}

  /** A room the job refused, and its connection (null while it waited for a reconnect). */
  public record Refused(Room room, Object connection) {}

  private final AudioPublisher audioPublisher;
  private final int chunkMillis;
  private final Duration publishWait;
  private final Duration grace;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final SessionLookup lookup;
  private final Map<String, Room> rooms = new HashMap<>();

  /**
   * Rooms whose session this process ended or dropped, the newest {@link #REMEMBERED_FINISHED}: a
   * new connection starts a new session without a lookup (their END may still wait in the publish
   * buffer, and a refused session has none).
   */
  private final Set<String> finishedHere =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED_FINISHED;
            }
          });

  /** Rooms unknown here start new sessions. */
  public RoomRegistry(
      AudioPublisher audioPublisher,
      int chunkMillis,
      Duration publishWait,
      Duration grace,
      LongSupplier clock) {
    this(audioPublisher, chunkMillis, publishWait, grace, clock, SessionLookup.NONE);
  }

  /**
   * A room unknown here continues the session {@code lookup} finds open (left by another bridge
   * process), or starts a new one.
   */
  public RoomRegistry(
      AudioPublisher audioPublisher,
      int chunkMillis,
      Duration publishWait,
      Duration grace,
      LongSupplier clock,
      SessionLookup lookup) {
    this.lookup = lookup;
    this.audioPublisher = audioPublisher;
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
    return attach(name, new StartSettings(language, mode, "ws:" + name), connection);
  }

  /**
   * As {@link #attach(String, String, String, Object)}, with the whole requested settings: a new
   * session takes them all; a resumed one takes the language and mode (diarization stays as the
   * session started).
   */
  public Attachment attach(String name, StartSettings requested, Object connection)
      throws InterruptedException {
    Room room;
    boolean lookUp;
    synchronized (this) {
      room = claim(name, connection);
      lookUp = room == null && !finishedHere.contains(name);
    }
    if (room != null) {
      return resume(room, requested);
    }
    // outside the lock: the lookup may take up to its time bound, other rooms must not wait
    Optional<OpenSession> open = lookUp ? lookup.find(name) : Optional.empty();
    synchronized (this) {
      room = claim(name, connection); // another connection may have attached meanwhile, and left
      if (room != null) {
        open = Optional.empty(); // that session is this process's own: an ordinary resume
      } else {
        room = new Room(name, newSession(name, requested, open));
        room.owner = connection;
        rooms.put(name, room);
        if (open.isEmpty()) {
          return new Attachment(room, false);
        }
      }
    }
    open.ifPresent(
        o ->
            LOG.info(
                "room {}: continuing the session another bridge process left open, from"
                    + " sequence {}",
                name,
                o.nextSequence()));
    return resume(room, requested);
  }

  /** A new session with the requested settings, or the continuation of one left open elsewhere. */
  private SessionChunker newSession(
      String name, StartSettings requested, Optional<OpenSession> open) {
    StartSettings settings =
        new StartSettings(
            requested.language(),
            requested.latencyMode(),
            "ws:" + name,
            requested.diarization(),
            requested.maxSpeakers(),
            requested.enhanceOnEnd());
    return open.map(
            o ->
                SessionChunker.continuing(
                    name, o, settings, audioPublisher, chunkMillis, publishWait, clock))
        .orElseGet(
            () ->
                new SessionChunker(
                    name, settings, audioPublisher, chunkMillis, publishWait, clock));
  }

  /**
   * Takes the room's open session for {@code connection}, stopping its grace period; null when the
   * room has none here.
   *
   * @throws RoomBusyException when another connection publishes to the room or it is ending
   */
  private Room claim(String name, Object connection) {
    Room room = rooms.get(name);
    if (room == null) {
      return null;
    }
    if (room.owner != null || room.ending) {
      throw new RoomBusyException(
          room.ending
              ? "room '" + name + "' is ending; retry in a moment"
              : "room '" + name + "' already has a publisher");
    }
    if (room.expiry != null) {
      room.expiry.cancel(false);
      room.expiry = null;
    }
    room.owner = connection;
    return room;
  }

  /** A resumed session takes the requested language and mode (a new START when they differ). */
  private static Attachment resume(Room room, StartSettings requested) throws InterruptedException {
    room.session.changeSettings(
        room.session.settings().with(requested.language(), requested.latencyMode()));
    return new Attachment(room, true);
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
      finishedHere.add(name);
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
    try {
      if (takenOver(room)) {
        return;
      }
      LOG.info("room {}: no publisher for {} s, ending session", room.name, grace.toSeconds());
      finish(room);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("room {}: could not end the session: {}", room.name, e.getMessage());
    }
  }

  /**
   * Whether another bridge process continued the session of this room while it waited for a
   * reconnect here (its publisher reconnected there): then the room is forgotten without END, which
   * would end the session the other process goes on with.
   */
  private boolean takenOver(Room room) throws InterruptedException {
    long next = room.session.nextSequence();
    if (!lookup.publishedFrom(room.name, next)) {
      return false;
    }
    synchronized (this) {
      rooms.remove(room.name, room);
    }
    LOG.info(
        "room {}: another bridge process continued the session (its chunks from {} on are in"
            + " Kafka); forgetting it here without END",
        room.name,
        next);
    return true;
  }

  private void finish(Room room) throws InterruptedException {
    try {
      room.session.end();
    } finally {
      synchronized (this) {
        rooms.remove(room.name, room);
        finishedHere.add(room.name);
      }
    }
  }

  /**
   * Ends every open session (server shutdown), without asking whether another process took one
   * over: stopping the server closes every connection first, and a lookup per room would hold the
   * shutdown.
   */
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
