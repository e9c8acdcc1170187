package io.captionflow.sink.fanout;

/** WebSocket close codes the sink uses (4000-4999 is the application range). */
public final class CloseCodes {
  /** Session over and forgotten by the sink. */
  public static final int NORMAL = 1000;

  /** The sink is shutting down. */
  public static final int GOING_AWAY = 1001;

  /** Missing or wrong subscribe token (mirrors HTTP 401). */
  public static final int UNAUTHORIZED = 4401;

  /** Bad subscribe request, e.g. a malformed ?after= (mirrors HTTP 400). */
  public static final int BAD_REQUEST = 4400;

  /** No pong or other frame within the dead-after time (mirrors HTTP 408). */
  public static final int NO_HEARTBEAT = 4408;

  /** The subscriber could not keep up: its send queue passed the limit (mirrors HTTP 429). */
  public static final int TOO_SLOW = 4429;

  private CloseCodes() {}
}
