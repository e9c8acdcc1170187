package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.captionflow.asr.download.TarBz2Archives;
import io.captionflow.asr.download.TarBz2Archives.Entry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * download-model --name for a cache-aware model shipped as a GitHub release archive, against a
 * loopback server that answers like GitHub: the release API lists the asset with its {@code
 * sha256:} digest and download URL, the download honours Range.
 */
class DownloadModelArchiveTest {

  private static final String NAME =
      "sherpa-onnx-nemotron-speech-streaming-en-0.6b-560ms-int8-2026-04-25";
  private static final String ASSET = NAME + ".tar.bz2";
  private static final String RELEASE = "/repos/k2-fsa/sherpa-onnx/releases/tags/asr-models";
  private static final String ASSETS_PAGE = "/repos/k2-fsa/sherpa-onnx/releases/7/assets";

  @TempDir Path home;
  private Path dir;
  private HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> ranges = new CopyOnWriteArrayList<>();
  private final AtomicInteger downloads = new AtomicInteger();
  private final byte[] encoder = pattern(200_000);
  private byte[] archive;

  /** The digest field the release API gives the asset (null: none). */
  private String digest;

  private enum Listed {
    IN_THE_RELEASE,
    ON_THE_SECOND_ASSETS_PAGE,
    NOWHERE
  }

  private Listed listed = Listed.IN_THE_RELEASE;

  @BeforeEach
  void start() throws IOException {
    dir = home.resolve("models").resolve(NAME);
    archive =
        TarBz2Archives.of(
            List.of(
                Entry.directory(NAME),
                Entry.file(NAME + "/encoder.int8.onnx", encoder),
                Entry.file(NAME + "/decoder.int8.onnx", bytes("decoder")),
                Entry.file(NAME + "/joiner.int8.onnx", bytes("joiner")),
                Entry.file(NAME + "/tokens.txt", bytes("<unk> 0\n<blk> 1\n"))));
    digest = "sha256:" + sha256(archive);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 131 + i / 7);
    }
    return b;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/api" + RELEASE)) {
      ObjectNode release = json.createObjectNode();
      release.put("tag_name", "asr-models");
      release.put("assets_url", base() + "/api" + ASSETS_PAGE);
      ArrayNode assets = release.putArray("assets");
      assets.add(asset("other-model.tar.bz2"));
      if (listed == Listed.IN_THE_RELEASE) {
        assets.add(asset(ASSET));
      }
      send(ex, 200, json.writeValueAsBytes(release));
    } else if (path.equals("/api" + ASSETS_PAGE)) {
      ArrayNode page = json.createArrayNode();
      if (ex.getRequestURI().getQuery().equals("per_page=100&page=1")) {
        page.add(asset("other-model.tar.bz2"));
      } else if (ex.getRequestURI().getQuery().equals("per_page=100&page=2")
          && listed == Listed.ON_THE_SECOND_ASSETS_PAGE) {
        page.add(asset(ASSET));
      }
      send(ex, 200, json.writeValueAsBytes(page));
    } else if (path.equals("/download/asr-models/" + ASSET)) {
      // GitHub redirects release downloads to its object store
      ex.getResponseHeaders().add("Location", "/objects/" + ASSET);
      ex.sendResponseHeaders(302, -1);
      ex.close();
    } else if (path.equals("/objects/" + ASSET)) {
      downloads.incrementAndGet();
      String range = ex.getRequestHeaders().getFirst("Range");
      int from = 0;
      if (range != null) {
        ranges.add(range);
        from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
      }
      ex.sendResponseHeaders(range != null ? 206 : 200, archive.length - from);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(archive, from, archive.length - from);
      }
    } else {
      send(ex, 404, bytes("{\"message\":\"Not Found\"}"));
    }
  }

  private ObjectNode asset(String name) {
    ObjectNode asset = json.createObjectNode();
    asset.put("name", name);
    asset.put("size", archive.length);
    if (name.equals(ASSET)) {
      asset.put("digest", digest);
    } else {
      asset.put("digest", "sha256:" + "0".repeat(64));
    }
    asset.put("browser_download_url", base() + "/download/asr-models/" + name);
    return asset;
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private CliRun download(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "download-model",
                "--name",
                NAME,
                "--dir",
                dir.toString(),
                "--api-endpoint",
                base() + "/api"));
    args.addAll(Arrays.asList(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void unpacksTheVerifiedArchiveWithoutItsTopDirectory() throws IOException {
    CliRun run = download();

    assertEquals(0, run.exit(), run.err());
    assertEquals("model ready in " + dir + "\n", run.out());
    assertEquals(
        List.of(
            ".captionflow-archive",
            "decoder.int8.onnx",
            "encoder.int8.onnx",
            "joiner.int8.onnx",
            "tokens.txt"),
        listing(dir));
    assertArrayEquals(encoder, Files.readAllBytes(dir.resolve("encoder.int8.onnx")));
    assertArrayEquals(bytes("<unk> 0\n<blk> 1\n"), Files.readAllBytes(dir.resolve("tokens.txt")));
    assertEquals(
        ASSET + " sha256:" + sha256(archive) + "\n",
        Files.readString(dir.resolve(".captionflow-archive")));
    assertEquals(List.of(), ranges);
    assertEquals(1, downloads.get());

    CliRun again = download();
    assertEquals(0, again.exit(), again.err());
    assertEquals(ASSET + ": already installed in " + dir + "\n", again.err());
    assertEquals(1, downloads.get(), "the second run downloads nothing");
  }

  @Test
  void aDigestMismatchIsRefusedAndLeavesOnlyThePart() throws IOException {
    digest = "sha256:" + sha256(bytes("another archive"));

    CliRun run = download();

    assertEquals(1, run.exit());
    assertEquals(
        "error: "
            + base()
            + "/download/asr-models/"
            + ASSET
            + ": sha256 mismatch (the release announces "
            + sha256(bytes("another archive"))
            + ", the download has "
            + sha256(archive)
            + "); nothing unpacked, the download stays in "
            + dir.resolve(ASSET + ".part")
            + ": delete it to download again",
        lastLine(run.err()));
    assertEquals(List.of(ASSET + ".part"), listing(dir));
    assertEquals("", run.out());
  }

  @Test
  void anAssetWithoutDigestIsRefusedBeforeDownloading() {
    digest = null;

    CliRun run = download();

    assertEquals(1, run.exit());
    assertEquals(
        "error: "
            + ASSET
            + ": the release publishes no digest for it, so it cannot be verified; refused,"
            + " nothing downloaded\n",
        run.err());
    assertEquals(0, downloads.get());
    assertFalse(Files.exists(dir));
  }

  @Test
  void aDigestOtherThanSha256IsRefused() {
    digest = "md5:" + "1".repeat(32);

    CliRun run = download();

    assertEquals(1, run.exit());
    assertEquals(
        "error: "
            + ASSET
            + ": the release publishes no sha256 digest (only 'md5:"
            + "1".repeat(32)
            + "') for it, so it cannot be verified; refused, nothing downloaded\n",
        run.err());
    assertEquals(0, downloads.get());
  }

  @Test
  void resumesAPartialArchiveWithRange() throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(ASSET + ".part"), Arrays.copyOf(archive, 1000));

    CliRun run = download();

    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of("bytes=1000-"), ranges);
    assertArrayEquals(encoder, Files.readAllBytes(dir.resolve("encoder.int8.onnx")));
    assertEquals(
        List.of(
            ".captionflow-archive",
            "decoder.int8.onnx",
            "encoder.int8.onnx",
            "joiner.int8.onnx",
            "tokens.txt"),
        listing(dir));
  }

  @Test
  void anEntryEscapingTheTargetIsRefused() throws IOException {
    archive =
        TarBz2Archives.of(
            List.of(
                Entry.file(NAME + "/tokens.txt", bytes("<blk> 0\n")),
                Entry.file(NAME + "/../../evil.txt", bytes("evil"))));
    digest = "sha256:" + sha256(archive);

    CliRun run = download();

    assertEquals(1, run.exit());
    assertEquals(
        "error: "
            + ASSET
            + ": entry '"
            + NAME
            + "/../../evil.txt' would be written outside "
            + dir
            + "; refused, nothing unpacked",
        lastLine(run.err()));
    assertEquals(List.of(ASSET + ".part"), listing(dir));
    assertEquals(List.of(NAME), listing(dir.getParent()));
  }

  @Test
  void findsAnAssetTheReleaseObjectDoesNotListOnTheAssetsPages() throws IOException {
    listed = Listed.ON_THE_SECOND_ASSETS_PAGE;

    CliRun run = download();

    assertEquals(0, run.exit(), run.err());
    assertArrayEquals(encoder, Files.readAllBytes(dir.resolve("encoder.int8.onnx")));
  }

  @Test
  void aReleaseTheHostLacksIsNamedWithItsHttpStatus() {
    CliRun run =
        CliRun.of(
            "download-model",
            "--name",
            NAME,
            "--dir",
            dir.toString(),
            "--api-endpoint",
            base() + "/api",
            "--repo",
            "someone/else");

    assertEquals(1, run.exit());
    assertEquals(
        "error: " + base() + "/api/repos/someone/else/releases/tags/asr-models answered HTTP 404\n",
        run.err());
  }

  @Test
  void anAssetMissingFromEveryPageIsNamed() {
    listed = Listed.NOWHERE;

    CliRun run = download();

    assertEquals(1, run.exit());
    assertEquals(
        "error: release asr-models of k2-fsa/sherpa-onnx has no asset "
            + ASSET
            + " ("
            + base()
            + "/api"
            + RELEASE
            + "; the catalog's cache-aware names come from the contract and are not checked"
            + " against the live release)\n",
        run.err());
  }

  @Test
  void aPrecisionTheArchiveDoesNotHoldIsRefused() {
    CliRun run = download("--precision", "fp32");

    assertEquals(2, run.exit());
    assertEquals(
        "error: "
            + NAME
            + " is published in int8 only; other precisions have other names"
            + " (download-model --list)\n",
        run.err());
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\n");
    return lines[lines.length - 1];
  }
}
