package io.captionflow.asr.parakeet;

import io.captionflow.asr.download.ResumableDownload;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Downloads a model's files from a Hugging Face repository: resumable through HTTP Range into
 * {@code FILE.part}, verified against the checksum the hub announces (LFS files: {@code
 * X-Linked-Etag} = sha256; small files: {@code ETag} = git blob sha1), then renamed into place.
 */
public final class ModelDownloader {

  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  public static final String DEFAULT_REPO = "istupakov/parakeet-tdt-0.6b-v3-onnx";

  private final ResumableDownload transfer;
  private final String endpoint;
  private final String repo;
  private final PrintWriter progress;

  public ModelDownloader(String endpoint, String repo, PrintWriter progress) {
    this.transfer = new ResumableDownload(progress);
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
        transfer.send(
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
    transfer.into(url, part, size, target.getFileName().toString());
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
    return expected.length() == 64
        ? ResumableDownload.sha256(file)
        : HexFormat.of()
            .formatHex(
                ResumableDownload.digest(
                    file,
                    "SHA-1",
                    ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII)));
  }
}
