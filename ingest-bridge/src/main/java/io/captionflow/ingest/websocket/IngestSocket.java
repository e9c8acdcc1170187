package io.captionflow.ingest.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.ingest.metrics.IngestCounters;
import io.captionflow.ingest.publish.PublishBufferFullException;
import io.captionflow.ingest.publish.PublishFailedException;
import io.captionflow.ingest.source.SampleFormat;
import io.captionflow.ingest.status.SessionRefusedException;
import io.captionflow.schema.wire.CloseCodes;
import io.captionflow.schema.wire.StartSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher's WebSocket connection to a room: binary frames of raw PCM (format from the URL) or
 * JSON messages (see {@link ClientMessage}). Everything in a message is validated before any of it
 * is used. Must be public: Jetty instantiates listener methods reflectively.
 */
public class IngestSocket implements Session.Listener.AutoDemanding {

  private static final Logger LOG = LoggerFactory.getLogger(IngestSocket.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the upgrade request asked for; {@code rejection} set when it must be refused on open. */
  public record Request(
      String room,
      String language,
      String mode,
      SampleFormat binaryFormat,
      int binaryRate,
      int rejectCode,
      String rejectReason) {}

  private final Request request;
  private final RoomRegistry rooms;
  private final IntSupplier bufferedRecords;
  private final int bufferCapacity;
  private final ClientMessageParser parser;
  private final IngestCounters counters;
  private Session session;
  private RoomRegistry.Room room;
  // volatile: the job status watcher's thread sets it when the job refuses the session
  private volatile boolean ended;
  private boolean backPressureSignalled;

  public IngestSocket(
      Request request,
      RoomRegistry rooms,
      IntSupplier bufferedRecords,
      int bufferCapacity,
      IngestCounters counters) {
    this.request = request;
    this.counters = counters;
    this.rooms = rooms;
    this.bufferedRecords = bufferedRecords;
    this.bufferCapacity = bufferCapacity;
    this.parser = new ClientMessageParser(request.binaryRate());
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    if (request.rejectCode() != 0) {
      close(request.rejectCode(), request.rejectReason());
      return;
    }
    StartSettings requested;
    try {
      StartSettings asked = new StartSettings(request.language(), request.mode(), null);
      asked =
          SettingsQuery.withDiarization(
              asked, queryValue(session, "diarization"), queryValue(session, "speakers"));
      requested = SettingsQuery.withEnhance(asked, queryValue(session, "enhance_on_end"));
    } catch (IllegalArgumentException e) {
      close(CloseCodes.BAD_REQUEST, e.getMessage());
      return;
    }
    try {
      RoomRegistry.Attachment attachment = rooms.attach(request.room(), requested, this);
      room = attachment.room();
      ObjectNode ready =
          JSON.createObjectNode()
              .put("type", "ready")
              .put("session", room.name())
              .put("next_sequence", room.session().nextSequence())
              .put("resumed", attachment.resumed());
      ready.put("language", room.session().settings().language());
      ready.put("mode", room.session().settings().latencyMode());
      ready.put("diarization", room.session().settings().diarization());
      ready.put("enhance_on_end", room.session().settings().enhanceOnEnd());
      if (room.session().settings().diarization()) {
        ready.put("speakers", room.session().settings().maxSpeakers());
      }
      send(ready);
      LOG.info(
          "room {}: publisher connected from {} ({} session)",
          room.name(),
          session.getRemoteSocketAddress(),
          attachment.resumed() ? "resumed" : "new");
    } catch (RoomBusyException e) {
      close(CloseCodes.ROOM_BUSY, e.getMessage());
    } catch (RuntimeException e) {
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(CloseCodes.SERVER_ERROR, "server shutting down");
    }
  }

  private static String queryValue(Session session, String name) {
    java.util.List<String> values = session.getUpgradeRequest().getParameterMap().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    try {
      if (room != null && !ended) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        counters.binary(bytes.length);
        feed(ClientMessage.decodePcm(bytes, request.binaryFormat()), request.binaryRate(), false);
      }
    } catch (RuntimeException e) {
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      callback.succeed();
    }
  }

  @Override
  public void onWebSocketText(String text) {
    if (room == null || ended) {
      return;
    }
    counters.text(text.getBytes(StandardCharsets.UTF_8).length);
    try {
      ClientMessage message = parser.parse(text);
      if (message instanceof ClientMessage.Audio audio) {
        feed(audio.samples(), audio.sampleRate(), audio.isFinal());
      } else if (message instanceof ClientMessage.Configure configure) {
        room.session()
            .changeSettings(room.session().settings().with(configure.language(), configure.mode()));
        send(
            JSON.createObjectNode()
                .put("type", "configured")
                .put("language", room.session().settings().language())
                .put("mode", room.session().settings().latencyMode()));
      } else {
        endSession();
      }
    } catch (RuntimeException e) {
      failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    release();
  }

  /** Leaves the room open for the grace period (no-op once released or ended). */
  private void release() {
    if (room != null && !ended) {
      rooms.disconnected(room, this);
    }
  }

  /** The job refused this connection's session: close it with the job's reason. */
  void refusedByJob(String reason) {
    ended = true;
    close(CloseCodes.REFUSED_BY_JOB, reason);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("room {}: connection error: {}", request.room(), cause.toString());
  }

  private void feed(float[] samples, int rate, boolean isFinal) throws InterruptedException {
    signalBackPressure();
    room.session().accept(samples, rate);
    if (isFinal) {
      endSession();
    }
  }

  private void endSession() throws InterruptedException {
    ended = true;
    rooms.end(room, this);
    send(
        JSON.createObjectNode()
            .put("type", "ended")
            .put("session", room.name())
            .put("chunks", room.session().nextSequence()));
    close(CloseCodes.NORMAL, "session ended");
  }

  /**
   * Tells the client when the publish buffer passes 80% (and when it drains below 50%) so it can
   * slow down.
   */
  private void signalBackPressure() {
    int buffered = bufferedRecords.getAsInt();
    if (!backPressureSignalled && buffered >= bufferCapacity * 0.8) {
      backPressureSignalled = true;
      send(
          JSON.createObjectNode()
              .put("type", "status")
              .put("state", "backpressure")
              .put("buffered_chunks", buffered)
              .put("capacity", bufferCapacity));
    } else if (backPressureSignalled && buffered < bufferCapacity * 0.5) {
      backPressureSignalled = false;
      send(
          JSON.createObjectNode()
              .put("type", "status")
              .put("state", "ok")
              .put("buffered_chunks", buffered)
              .put("capacity", bufferCapacity));
    }
  }

  private void failed(RuntimeException e) {
    if (e instanceof SessionRefusedException) {
      return; // the refusal closes the connection itself, with the job's reason
    }
    release(); // free the room now, so a reconnect does not race this connection's close handshake
    if (e instanceof InvalidMessageException || e instanceof IllegalArgumentException) {
      counters.refused();
      LOG.info("room {}: rejected a message: {}", request.room(), e.getMessage());
      close(CloseCodes.BAD_REQUEST, e.getMessage());
    } else if (e instanceof PublishBufferFullException) {
      LOG.warn("room {}: {}", request.room(), e.getMessage());
      send(JSON.createObjectNode().put("type", "error").put("error", e.getMessage()));
      close(CloseCodes.TRY_AGAIN_LATER, "broker unreachable: publish buffer full, reconnect later");
    } else if (e instanceof PublishFailedException) {
      LOG.error("room {}: {}", request.room(), e.getMessage());
      close(CloseCodes.SERVER_ERROR, "publishing to Kafka failed");
    } else {
      LOG.error("room {}: unexpected error", request.room(), e);
      close(CloseCodes.SERVER_ERROR, "internal error");
    }
  }

  private void send(ObjectNode message) {
    if (session != null && session.isOpen()) {
      session.sendText(message.toString(), Callback.NOOP);
    }
  }

  private void close(int code, String reason) {
    if (session != null && session.isOpen()) {
      session.close(code, CloseReason.truncate(reason), Callback.NOOP);
    }
  }
}
