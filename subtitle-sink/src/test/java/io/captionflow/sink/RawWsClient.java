package io.captionflow.sink;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket with a tiny receive window, set before connecting so the
 * kernel cannot grow it: once it stops reading, the server's writes back up after a few kilobytes.
 * That is the "subscriber that cannot keep up" of the fan-out test. Reads server frames (unmasked)
 * when asked.
 */
public final class RawWsClient implements AutoCloseable {

  /** A close frame's code and reason, and how many text messages came before it. */
  public record Close(int code, String reason, int textMessages) {}

  private final Socket socket = new Socket();
  private final DataInputStream in;

  public RawWsClient(int port, String pathAndQuery) throws IOException {
    socket.setReceiveBufferSize(2048);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    OutputStream out = socket.getOutputStream();
    String key =
        Base64.getEncoder().encodeToString("captionflow-test".getBytes(StandardCharsets.US_ASCII));
    out.write(
        ("GET "
                + pathAndQuery
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    in = new DataInputStream(socket.getInputStream());
    String status = readLine(in);
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + status);
    }
    while (!readLine(in).isEmpty()) {
      // skip response headers
    }
  }

  /** Reads frames until the server's close frame. */
  public Close readUntilClose() throws IOException {
    int texts = 0;
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int opcode = b0 & 0x0f;
      if (opcode == 0x1) {
        texts++;
      } else if (opcode == 0x8) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        String reason =
            payload.length > 2
                ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                : "";
        return new Close(code, reason, texts);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
