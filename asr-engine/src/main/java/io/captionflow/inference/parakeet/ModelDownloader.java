package io.captionflow.inference.parakeet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Downloads a Parakeet ONNX export from a Hugging Face repository: resumable through HTTP Range
 * into {@code FILE.part}, verified against the checksum the hub announces (LFS files: {@code
 * X-Linked-Etag} = sha256; small files: {@code ETag} = git blob sha1), then renamed into place.
 */
public final class ModelDownloader {

  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  public static final String DEFAULT_REPO = "istupakov/parakeet-tdt-0.6b-v3-onnx";

  private final HttpClient client;
  private final String endpoint;
  private final String repo;
  private final PrintWriter progress;

  public ModelDownloader(String endpoint, String repo, PrintWriter progress) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.endpoint = endpoint.replaceAll("/+$", "");
    this.repo = repo;
    this.progress = progress;
  }

  /** Why fp16 cannot be downloaded, and how to make it. */
  public static final String NO_FP16_DOWNLOAD =
      "no fp16 export is published: download fp32 and convert both models with onnxconverter-common"
          + " (float16.convert_float_to_float16(model, keep_io_types=True)) into"
          + " encoder-model.fp16.onnx and decoder_joint-model.fp16.onnx, or use int8";

  /**
   * The files a model directory of this precision needs (as the repository names them); fp16 is not
   * published, so asking for it is an IllegalArgumentException saying how to make it.
   */
  public static List<String> files(RecognizerConfig.Precision precision) {
    return switch (precision) {
      case INT8 ->
          List.of(
              "config.json",
              "vocab.txt",
              "decoder_joint-model.int8.onnx",
              "encoder-model.int8.onnx");
      case FP32 ->
          List.of(
              "config.json",
              "vocab.txt",
              "decoder_joint-model.onnx",
              "encoder-model.onnx",
              "encoder-model.onnx.data");
      case FP16 -> throw new IllegalArgumentException(NO_FP16_DOWNLOAD);
    };
  }

  public URI url(String file) {
    return URI.create(endpoint + "/" + repo + "/resolve/main/" + file);
  }

  /**
   * Downloads every file into {@code dir}; an {@link IOException} message names the URL that
   * failed.
   */
  public void download(Path dir, List<String> files) throws IOException {
    Files.createDirectories(dir);
    for (String file : files) {
      fetch(url(file), dir.resolve(file));
    }
  }

  private void fetch(URI url, Path target) throws IOException {
    HttpResponse<Void> head =
        send(
            HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()),
            url,
            HttpResponse.BodyHandlers.discarding());
    if (head.statusCode() >= 400) {
      throw new IOException(url + " answered HTTP " + head.statusCode());
    }
    String checksum = checksum(head);
    long size =
        head.headers()
            .firstValueAsLong("x-linked-size")
            .orElse(
                head.statusCode() == 200
                    ? head.headers().firstValueAsLong("content-length").orElse(-1)
                    : -1);
    if (Files.isRegularFile(target)
        && checksum != null
        && checksum.equals(digest(target, checksum))) {
      progress.println(target.getFileName() + ": already complete");
      return;
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    URI location = url;
    for (int hops = 0; ; hops++) {
      HttpRequest.Builder get = HttpRequest.newBuilder(location).GET();
      if (have > 0) {
        get.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> response =
          send(get, location, HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      if (status >= 300 && status < 400 && hops < 5) {
        response.body().close();
        location =
            location.resolve(
                response
                    .headers()
                    .firstValue("location")
                    .orElseThrow(() -> new IOException(url + " redirected without a Location")));
        continue;
      }
      if (status == 416 && size >= 0 && have == size) {
        response.body().close(); // the .part is already whole
      } else if (status == 200 || status == 206) {
        boolean append = status == 206;
        if (!append) {
          have = 0;
        }
        copy(response.body(), part, append, have, size, target.getFileName().toString());
      } else {
        response.body().close();
        throw new IOException(location + " answered HTTP " + status);
      }
      break;
    }
    if (checksum != null) {
      String actual = digest(part, checksum);
      if (!checksum.equals(actual)) {
        Files.delete(part);
        throw new IOException(
            url
                + ": checksum mismatch (expected "
                + checksum
                + ", got "
                + actual
                + "); removed the download");
      }
    } else {
      progress.println(target.getFileName() + ": the server sent no checksum; not verified");
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.println(
        target.getFileName() + ": done" + (checksum != null ? " (checksum verified)" : ""));
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder request, URI url, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return client.send(request.timeout(Duration.ofMinutes(30)).build(), handler);
    } catch (IOException e) {
      throw new IOException(
          "cannot reach "
              + url
              + ": "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url, e);
    }
  }

  /**
   * sha256 (64 hex) for LFS files, git blob sha1 (40 hex) for files stored in git, or null if
   * unknown.
   */
  private static String checksum(HttpResponse<?> head) {
    String etag =
        head.headers()
            .firstValue("x-linked-etag")
            .or(() -> head.headers().firstValue("etag"))
            .orElse(null);
    if (etag == null) {
      return null;
    }
    etag = etag.replace("W/", "").replace("\"", "").trim().toLowerCase(Locale.ROOT);
    return etag.matches("[0-9a-f]{64}|[0-9a-f]{40}") ? etag : null;
  }

  static String digest(Path file, String expected) throws IOException {
    try {
      MessageDigest md;
      if (expected.length() == 64) {
        md = MessageDigest.getInstance("SHA-256");
      } else {
        md = MessageDigest.getInstance("SHA-1");
        md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          md.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void copy(InputStream body, Path part, boolean append, long have, long size, String name)
      throws IOException {
    long done = have;
    long lastReport = System.nanoTime();
    try (InputStream in = body;
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        done += n;
        if (System.nanoTime() - lastReport > 1_000_000_000L) {
          report(name, done, size);
          lastReport = System.nanoTime();
        }
      }
    }
    report(name, done, size);
  }

  private void report(String name, long done, long size) {
    if (size > 0) {
      progress.println(
          String.format(
              Locale.ROOT,
              "%s: %.1f / %.1f MB (%d%%)",
              name,
              done / 1e6,
              size / 1e6,
              done * 100 / size));
    } else {
      progress.println(String.format(Locale.ROOT, "%s: %.1f MB", name, done / 1e6));
    }
    progress.flush();
  }
}
