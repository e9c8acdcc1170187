package io.captionflow.sink.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many WebSocket subscriber connections read by one thread over one selector: the bench's clients
 * share the machine with the sink, so each received message costs a frame header parse and a byte
 * scan, not a client library's threads, string decoding and callbacks. Pings are answered (the
 * sink's heartbeat); a close frame ends the connection.
 */
final class RawSubscribers implements AutoCloseable {

  /** A received text message; {@code payload} is valid only during the call. */
  interface TextHandler {
    void text(ByteBuffer payload, long receivedNanos);
  }

  private static final int MAX_MESSAGE_BYTES = 1 << 20;
  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final URI uri;
  private final InetSocketAddress address;
  private final TextHandler handler;
  private final Selector selector;
  private int open;
  private int closed;

  private final class Connection {
    final SocketChannel channel;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    ByteBuffer out;
    boolean upgraded;
    final FrameReader frames = new FrameReader(MAX_MESSAGE_BYTES);

    Connection(SocketChannel channel) {
      this.channel = channel;
    }
  }

  RawSubscribers(URI uri, TextHandler handler) throws IOException {
    if (!"ws".equals(uri.getScheme())) {
      throw new IllegalArgumentException("only ws:// URLs: " + uri);
    }
    this.uri = uri;
    this.address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    this.handler = handler;
    this.selector = Selector.open();
  }

  /** Connections whose upgrade completed and that are still open. */
  int open() {
    return open;
  }

  /**
   * Opens {@code count} connections, at most {@code inFlight} connecting at once (thousands of
   * simultaneous SYNs overflow the server's accept queue), and returns when all are upgraded.
   *
   * @throws IOException when a connection fails or {@code timeoutNanos} passes first
   */
  void connect(int count, int inFlight, long timeoutNanos) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    int started = 0;
    while (open < count) {
      while (started < count && started - open - closed < inFlight) {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.connect(address);
        channel.register(selector, SelectionKey.OP_CONNECT, new Connection(channel));
        started++;
      }
      if (closed > 0) {
        throw new IOException(closed + " connection(s) to " + uri + " failed while connecting");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("only " + open + " of " + count + " connections upgraded in time");
      }
      poll(100);
    }
  }

  /** Reads whatever arrives within {@code timeoutMillis}, delivering messages to the handler. */
  void poll(long timeoutMillis) throws IOException {
    selector.select(timeoutMillis);
    for (SelectionKey key : selector.selectedKeys()) {
      Connection c = (Connection) key.attachment();
      try {
        if (key.isConnectable()) {
          c.channel.finishConnect();
          c.out = handshake();
          key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
          c.channel.write(c.out);
          if (!c.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (key.isValid() && key.isReadable()) {
          read(c, key);
        }
      } catch (IOException | RuntimeException e) {
        end(c, key);
      }
    }
    selector.selectedKeys().clear();
  }

  private ByteBuffer handshake() {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + address.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
  }

  private void read(Connection c, SelectionKey key) throws IOException {
    if (c.channel.read(c.in) < 0) {
      end(c, key);
      return;
    }
    long now = System.nanoTime();
    c.in.flip();
    if (!c.upgraded) {
      int end = indexOf(c.in, HEADER_END, 0);
      if (end < 0) {
        c.in.compact();
        return;
      }
      String status =
          StandardCharsets.US_ASCII.decode(c.in.duplicate().limit(Math.min(end, 64))).toString();
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new IOException("upgrade refused: " + status.lines().findFirst().orElse(status));
      }
      c.in.position(end + HEADER_END.length);
      c.upgraded = true;
      open++;
    }
    c.frames.read(
        c.in,
        (opcode, payload) -> {
          switch (opcode) {
            case FrameReader.TEXT -> handler.text(payload, now);
            case FrameReader.PING -> pong(c, key, payload);
            case FrameReader.CLOSE -> end(c, key);
            default -> {}
          }
        });
    c.in.compact();
    if (!c.in.hasRemaining()) { // a message larger than the buffer: grow it
      c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
    }
  }

  private void pong(Connection c, SelectionKey key, ByteBuffer payload) {
    ByteBuffer frame = FrameReader.clientFrame(0xA, payload, ThreadLocalRandom.current().nextInt());
    try {
      c.channel.write(frame);
    } catch (IOException e) {
      end(c, key);
    }
    // a pong the socket could not take at once is dropped: the next ping gets one
  }

  private void end(Connection c, SelectionKey key) {
    if (key.isValid()) {
      key.cancel();
      if (c.upgraded) {
        open--;
      }
      closed++;
    }
    try {
      c.channel.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Position of {@code needle} in {@code buf} between {@code from} and its limit, or -1. */
  static int indexOf(ByteBuffer buf, byte[] needle, int from) {
    int last = buf.limit() - needle.length;
    outer:
    for (int i = Math.max(from, buf.position()); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.get(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
