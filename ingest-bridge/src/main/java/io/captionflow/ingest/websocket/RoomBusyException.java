package io.captionflow.ingest.websocket;

/** Another publisher holds the room (or it is ending); the new connection closes with 4409. */
public class RoomBusyException extends RuntimeException {

  public RoomBusyException(String message) {
    super(message);
  }
}
