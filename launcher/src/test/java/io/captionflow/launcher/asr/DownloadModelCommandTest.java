package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * download-model against a loopback server that behaves like the hub: HEAD answers 302 with
 * X-Linked-Etag (sha256) for LFS files or 200 with ETag (git blob sha1) for small ones; GET honours
 * Range.
 */
class DownloadModelCommandTest {

  private static final String REPO = "istupakov/parakeet-tdt-0.6b-v3-onnx";

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, String> announced = new ConcurrentHashMap<>();
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    serve("encoder-model.int8.onnx", big, true);
    serve("decoder_joint-model.int8.onnx", "joint".getBytes(StandardCharsets.UTF_8), true);
    serve("vocab.txt", "<blk> 0\n".getBytes(StandardCharsets.UTF_8), false);
    serve("config.json", "{}".getBytes(StandardCharsets.UTF_8), false);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(String name, byte[] content, boolean lfs) {
    files.put(name, content);
    try {
      announced.put(
          name,
          lfs
              ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))
              : gitBlobSha1(content));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (lfs) {
      announced.put(name + "#lfs", "yes");
    }
  }

  private static String gitBlobSha1(byte[] content) throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(sha1.digest(content));
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String prefix = "/" + REPO + "/resolve/main/";
    boolean cdn = path.startsWith("/cdn/");
    String name =
        cdn ? path.substring(5) : path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    byte[] content = name == null ? null : files.get(name);
    if (content == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    boolean lfs = announced.containsKey(name + "#lfs");
    if (!cdn && lfs) { // the hub redirects LFS files to its CDN and announces their sha256
      ex.getResponseHeaders().add("X-Linked-Etag", "\"" + announced.get(name) + "\"");
      ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
      ex.getResponseHeaders().add("Location", "/cdn/" + name);
      ex.sendResponseHeaders(302, -1);
      ex.close();
      return;
    }
    if (!lfs) {
      ex.getResponseHeaders().add("ETag", "\"" + announced.get(name) + "\"");
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(content.length));
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    String range = ex.getRequestHeaders().getFirst("Range");
    int from = 0;
    if (range != null) {
      ranges.add(name + " " + range);
      from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
    }
    ex.sendResponseHeaders(range != null ? 206 : 200, content.length - from);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(content, from, content.length - from);
    }
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private CliRun download() {
    return CliRun.of(
        "download-model", "--dir", dir.toString(), "--precision", "int8", "--endpoint", endpoint());
  }

  @Test
  void downloadsEveryFileAndVerifiesIt() throws IOException {
    CliRun run = download();
    assertEquals(0, run.exit(), run.err());
    for (String name :
        List.of(
            "encoder-model.int8.onnx",
            "decoder_joint-model.int8.onnx",
            "vocab.txt",
            "config.json")) {
      assertArrayEquals(files.get(name), Files.readAllBytes(dir.resolve(name)), name);
      assertTrue(run.err().contains(name + ": done (checksum verified)"), run.err());
    }
    assertEquals(List.of(), ranges);
    CliRun again = download();
    assertTrue(again.err().contains("encoder-model.int8.onnx: already complete"), again.err());
  }

  @Test
  void parakeetByNameIsTheDefault() throws IOException {
    CliRun run =
        CliRun.of(
            "download-model",
            "--name",
            "parakeet-tdt-0.6b-v3",
            "--dir",
            dir.toString(),
            "--precision",
            "int8",
            "--endpoint",
            endpoint());
    assertEquals(0, run.exit(), run.err());
    assertEquals("model ready in " + dir + " (use --precision int8 with transcribe)\n", run.out());
    assertArrayEquals(
        files.get("encoder-model.int8.onnx"),
        Files.readAllBytes(dir.resolve("encoder-model.int8.onnx")));
  }

  @Test
  void resumesAPartialDownloadWithRange() throws IOException {
    byte[] big = files.get("encoder-model.int8.onnx");
    Files.write(dir.resolve("encoder-model.int8.onnx.part"), java.util.Arrays.copyOf(big, 120_000));
    CliRun run = download();
    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of("encoder-model.int8.onnx bytes=120000-"), ranges);
    assertArrayEquals(big, Files.readAllBytes(dir.resolve("encoder-model.int8.onnx")));
    assertFalse(Files.exists(dir.resolve("encoder-model.int8.onnx.part")));
  }

  @Test
  void aCorruptPartialDownloadFailsTheChecksumAndIsRemoved() throws IOException {
    Files.write(dir.resolve("encoder-model.int8.onnx.part"), new byte[120_000]);
    CliRun run = download();
    assertEquals(1, run.exit());
    assertTrue(
        run.err()
            .contains(
                "error: "
                    + endpoint()
                    + "/"
                    + REPO
                    + "/resolve/main/encoder-model.int8.onnx: checksum mismatch"),
        run.err());
    assertFalse(Files.exists(dir.resolve("encoder-model.int8.onnx.part")));
    assertEquals(0, download().exit(), "a second run starts over and succeeds");
  }

  @Test
  void offlineFailsFastNamingTheUrl() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    CliRun run = CliRun.of("download-model", "--dir", dir.toString(), "--endpoint", url);
    assertEquals(1, run.exit());
    assertTrue(
        run.err()
            .startsWith("error: cannot reach " + url + "/" + REPO + "/resolve/main/config.json"),
        run.err());
  }
}
