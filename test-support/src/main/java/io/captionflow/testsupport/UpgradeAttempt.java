package io.captionflow.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket upgrade request on a plain socket, with chosen headers: the status and headers of
 * the answer, whatever it is (a refused upgrade's 429 or 403 is what the tests read).
 */
public record UpgradeAttempt(int status, Map<String, String> headers) {

  /** {@code extraHeaders}: name, value, name, value, … */
  public static UpgradeAttempt send(int port, String pathAndQuery, String... extraHeaders)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      StringBuilder request =
          new StringBuilder("GET ")
              .append(pathAndQuery)
              .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(port)
              .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
              .append(
                  "Sec-WebSocket-Key: Y2FwdGlvbmZsb3ctdGVzdA==\r\nSec-WebSocket-Version: 13\r\n");
      for (int i = 0; i < extraHeaders.length; i += 2) {
        request.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      if (statusLine == null) {
        throw new IOException("no answer to the upgrade");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
      return new UpgradeAttempt(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }
  }
}
