package io.captionflow.asr.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One file over HTTP into {@code NAME.part}: resumes from the part's length with a Range request,
 * follows redirects itself (so the Range goes to every hop), and reports progress about once a
 * second. Verifying and renaming into place are the caller's business.
 */
public final class ResumableDownload {

  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final PrintWriter progress;

  public ResumableDownload(PrintWriter progress) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.progress = progress;
  }

  /**
   * Sends a request; an unreachable host is an {@link IOException} whose message starts "cannot
   * reach URL".
   */
  public <T> HttpResponse<T> send(
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
   * Downloads {@code url} into {@code part}, appending to what is already there when the server
   * answers the Range with 206 (a 200 starts over).
   *
   * @param size the whole file's size when known (a 416 for a part of exactly that size means it is
   *     complete), else -1
   * @param name what progress lines call the file
   */
  public void into(URI url, Path part, long size, String name) throws IOException {
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
      if (status >= 300 && status < 400 && hops < MAX_REDIRECTS) {
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
        copy(response.body(), part, append, append ? have : 0, size, name);
      } else {
        response.body().close();
        throw new IOException(location + " answered HTTP " + status);
      }
      return;
    }
  }

  /** The file's sha256 as 64 lower-case hex digits. */
  public static String sha256(Path file) throws IOException {
    return HexFormat.of().formatHex(digest(file, "SHA-256", new byte[0]));
  }

  /** The digest of {@code prefix} followed by the file's bytes. */
  public static byte[] digest(Path file, String algorithm, byte[] prefix) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(prefix);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return md.digest();
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
