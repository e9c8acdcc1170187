package io.captionflow.schema.wire;

/**
 * The WebSocket close codes of captionflow's two edges, the bridge's audio ingest and the sink's
 * subtitle fan-out: one table, so a client library reads one meaning per code. 4000-4999 is the
 * application range; 4xxx mirrors the HTTP status of the same cause.
 */
public final class CloseCodes {

  /** Done: the session ended, or the client closed. */
  public static final int NORMAL = 1000;

  /** The server is shutting down. */
  public static final int GOING_AWAY = 1001;

  /** The server failed; the client may reconnect. */
  public static final int SERVER_ERROR = 1011;

  /** The server is overloaded; reconnect later. */
  public static final int TRY_AGAIN_LATER = 1013;

  /** A malformed request or message (HTTP 400). */
  public static final int BAD_REQUEST = 4400;

  /** Missing or wrong token (HTTP 401). */
  public static final int UNAUTHORIZED = 4401;

  /** No pong or other frame within the dead-after time (HTTP 408). */
  public static final int NO_HEARTBEAT = 4408;

  /** The room already has a publisher (HTTP 409). */
  public static final int ROOM_BUSY = 4409;

  /** The subscriber could not keep up: its send queue passed the limit (HTTP 429). */
  public static final int TOO_SLOW = 4429;

  /** The job refused the session, e.g. beyond its session limit; the reason is the job's. */
  public static final int REFUSED_BY_JOB = 4503;

  private CloseCodes() {}
}
