package io.captionflow.asr.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-use provisioning of Silero VAD from an npm registry served on loopback. */
class SileroVadDownloaderTest {

  private static final byte[] MODEL = "not really onnx, but bytes with a digest".getBytes();

  @TempDir Path dir;
  private HttpServer registry;
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.stop(0);
    }
  }

  private String serve(byte[] tarball) throws IOException {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext(
        SileroVadDownloader.TARBALL_PATH,
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(200, tarball.length);
          exchange.getResponseBody().write(tarball);
          exchange.close();
        });
    registry.start();
    return "http://127.0.0.1:" + registry.getAddress().getPort() + "/";
  }

  @Test
  void firstUseFetchesTheModelOutOfThePackageVerifiesItAndInstallsIt() throws IOException {
    String url =
        serve(tgz("package/README.md", "readme".getBytes(), SileroVadDownloader.ENTRY, MODEL));
    Path dest = dir.resolve("cache/silero_vad_v5.onnx");
    SileroVadDownloader downloader =
        new SileroVadDownloader(url, SileroVadDownloader.sha256Of(MODEL));
    StringWriter progress = new StringWriter();

    assertTrue(downloader.ensure(dest, new PrintWriter(progress)));
    assertArrayEquals(MODEL, Files.readAllBytes(dest));
    assertEquals(
        "Silero VAD not in "
            + dest
            + "; fetching it from "
            + url
            + "@ricky0123/vad-web/-/vad-web-0.0.31.tgz ...\ninstalled "
            + dest
            + " (sha256 verified)\n",
        progress.toString().replace(System.lineSeparator(), "\n"));

    assertFalse(downloader.ensure(dest, new PrintWriter(new StringWriter()))); // already there
    assertEquals(1, requests.get());
  }

  @Test
  void aFileWithTheWrongDigestIsRefusedAndNothingIsInstalled() throws IOException {
    String url = serve(tgz(SileroVadDownloader.ENTRY, MODEL));
    Path dest = dir.resolve("silero_vad_v5.onnx");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new SileroVadDownloader(url, SileroVadDownloader.SHA256)
                    .ensure(dest, new PrintWriter(new StringWriter())));
    assertEquals(
        "sha256 mismatch for silero_vad_v5.onnx from @ricky0123/vad-web@0.0.31: expected "
            + SileroVadDownloader.SHA256
            + ", got "
            + SileroVadDownloader.sha256Of(MODEL)
            + "; nothing installed",
        e.getMessage());
    assertFalse(Files.exists(dest));
  }

  @Test
  void offlineTheErrorSaysHowToInstallItByHand() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path dest = dir.resolve("silero_vad_v5.onnx");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new SileroVadDownloader(
                        "http://127.0.0.1:" + closedPort, SileroVadDownloader.SHA256)
                    .ensure(dest, new PrintWriter(new StringWriter())));
    String prefix =
        "cannot download Silero VAD from http://127.0.0.1:"
            + closedPort
            + "/@ricky0123/vad-web/-/vad-web-0.0.31.tgz (";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "). Offline? Where there is internet run asr-engine/scripts/fetch-silero-vad.sh and"
                    + " copy silero_vad_v5.onnx to "
                    + dest
                    + " (or point SILERO_VAD_MODEL at it)"),
        e.getMessage());
  }

  @Test
  void theRegistryIsTheOneNpmWouldUse() {
    assertEquals(
        "https://registry.npmjs.org/@ricky0123/vad-web/-/vad-web-0.0.31.tgz",
        SileroVadDownloader.fromEnvironment(Map.of()).tarball().toString());
    assertEquals(
        "http://mirror.local:4873/@ricky0123/vad-web/-/vad-web-0.0.31.tgz",
        SileroVadDownloader.fromEnvironment(
                Map.of("npm_config_registry", "http://mirror.local:4873/"))
            .tarball()
            .toString());
  }

  /** A gzipped ustar archive of (name, bytes) pairs. */
  private static byte[] tgz(Object... nameAndBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      for (int i = 0; i < nameAndBytes.length; i += 2) {
        byte[] content = (byte[]) nameAndBytes[i + 1];
        byte[] header = new byte[512];
        put(header, 0, (String) nameAndBytes[i]);
        put(header, 100, "0000644");
        put(header, 124, String.format("%011o", content.length));
        put(header, 257, "ustar");
        header[156] = '0';
        gzip.write(header);
        gzip.write(content);
        gzip.write(new byte[(512 - content.length % 512) % 512]);
      }
      gzip.write(new byte[1024]);
    }
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
