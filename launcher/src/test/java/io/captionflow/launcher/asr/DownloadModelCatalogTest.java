package io.captionflow.launcher.asr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** download-model --list, unknown names, and a catalog model fetched file by file from the hub. */
class DownloadModelCatalogTest {

  @TempDir Path dir;

  /** The --list line of a model, cut into its columns (columns are two or more spaces apart). */
  private static List<String> row(String out, String name) {
    return Arrays.stream(out.split("\n"))
        .filter(line -> line.startsWith(name + " "))
        .findFirst()
        .map(line -> List.of(line.split(" {2,}")))
        .orElseThrow(() -> new AssertionError(name + " is not listed:\n" + out));
  }

  @Test
  void listPrintsEveryModelWithKindChunkPrecisionSizeAndUse() {
    CliRun run = CliRun.of("download-model", "--list");

    assertEquals(0, run.exit(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(17, lines.length, run.out());
    assertEquals(
        List.of("NAME", "KIND", "CHUNK MS", "PRECISION", "APPROX SIZE", "USE", "SOURCE"),
        List.of(lines[0].split(" {2,}")));
    assertEquals(
        List.of(
            "parakeet-tdt-0.6b-v3",
            "offline-tdt",
            "-",
            "fp32, int8",
            "2.5 GB fp32, 0.7 GB int8",
            "window modes and chunked; best accuracy (6.34 % average WER)",
            "huggingface istupakov/parakeet-tdt-0.6b-v3-onnx"),
        row(run.out(), "parakeet-tdt-0.6b-v3"));
    assertEquals(
        List.of(
            "sherpa-onnx-nemotron-speech-streaming-en-0.6b-1120ms-int8-2026-04-25",
            "cache-aware",
            "1120",
            "int8",
            "0.7 GB",
            "best WER of the streaming models (7.2 % average per NVIDIA)",
            "github k2-fsa/sherpa-onnx release asr-models (name unverified)"),
        row(run.out(), "sherpa-onnx-nemotron-speech-streaming-en-0.6b-1120ms-int8-2026-04-25"));
    assertEquals(
        List.of(
            "sherpa-onnx-nemotron-speech-streaming-en-0.6b-80ms-2026-04-25",
            "cache-aware",
            "80",
            "fp32",
            "2.5 GB",
            "lowest latency",
            "huggingface csukuangfj/sherpa-onnx-nemotron-speech-streaming-en-0.6b-80ms-2026-04-25"
                + " (name unverified)"),
        row(run.out(), "sherpa-onnx-nemotron-speech-streaming-en-0.6b-80ms-2026-04-25"));
    assertEquals(
        List.of(
            "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-480ms-int8",
            "cache-aware",
            "560",
            "int8",
            "0.15 GB",
            "smaller, older FastConformer (114 M params): many streams per CPU",
            "github k2-fsa/sherpa-onnx release asr-models (name unverified)"),
        row(run.out(), "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-480ms-int8"));
    assertEquals(
        "(name unverified): named after the cache-aware contract's directory names, not checked"
            + " against the live host; sizes are estimates from the parameter counts",
        lines[16]);
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    CliRun run = CliRun.of("download-model", "--name", "whisper-large", "--dir", dir.toString());

    assertEquals(2, run.exit());
    assertEquals(
        "error: unknown model 'whisper-large'; known models: parakeet-tdt-0.6b-v3, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-80ms-int8-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-160ms-int8-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-560ms-int8-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-1120ms-int8-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-80ms-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-160ms-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-560ms-2026-04-25, "
            + "sherpa-onnx-nemotron-speech-streaming-en-0.6b-1120ms-2026-04-25, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-80ms, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-80ms-int8, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-480ms, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-480ms-int8, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-1040ms, "
            + "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-1040ms-int8"
            + " (download-model --list describes them)\n",
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void theFp32NemotronComesFileByFileFromItsHuggingFaceRepository() throws Exception {
    String name = "sherpa-onnx-nemotron-speech-streaming-en-0.6b-160ms-2026-04-25";
    Map<String, byte[]> files =
        Map.of(
            "tokens.txt", bytes("<blk> 0\n"),
            "decoder.onnx", bytes("decoder"),
            "joiner.onnx", bytes("joiner"),
            "encoder.onnx", bytes("encoder graph"),
            "encoder.data", bytes("external weights"));
    String prefix = "/csukuangfj/" + name + "/resolve/main/";
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] content =
              path.startsWith(prefix) ? files.get(path.substring(prefix.length())) : null;
          serve(ex, content);
        });
    server.start();
    try {
      CliRun run =
          CliRun.of(
              "download-model",
              "--name",
              name,
              "--dir",
              dir.toString(),
              "--endpoint",
              "http://127.0.0.1:" + server.getAddress().getPort());

      assertEquals(0, run.exit(), run.err());
      assertEquals("model ready in " + dir + "\n", run.out());
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        assertArrayEquals(file.getValue(), Files.readAllBytes(dir.resolve(file.getKey())));
      }
      assertEquals(
          List.of("decoder.onnx", "encoder.data", "encoder.onnx", "joiner.onnx", "tokens.txt"),
          listing(dir));
    } finally {
      server.stop(0);
    }
  }

  /**
   * Like the hub for LFS files: HEAD announces the sha256 in X-Linked-Etag, GET sends the bytes.
   */
  private static void serve(HttpExchange ex, byte[] content) throws IOException {
    if (content == null) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders()
        .add("X-Linked-Etag", "\"" + HexFormat.of().formatHex(sha256().digest(content)) + "\"");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(content.length));
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(200, content.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(content);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> listing(Path directory) throws IOException {
    try (var list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
