package io.captionflow.asr.vad;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Installs Silero VAD v5 on first use by the same route as {@code
 * asr-engine/scripts/fetch-silero-vad.sh}: {@code silero_vad_v5.onnx} out of the npm package
 * {@code @ricky0123/vad-web@0.0.31}'s tarball on the npm registry, checked against a pinned SHA-256
 * before it is installed. For the CLI and the demo only: task managers get the file from their
 * image and never download at run time.
 */
public final class SileroVadDownloader {

  public static final String PACKAGE = "@ricky0123/vad-web@0.0.31";
  public static final String SHA256 =
      "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";
  static final String TARBALL_PATH = "/@ricky0123/vad-web/-/vad-web-0.0.31.tgz";
  static final String ENTRY = "package/dist/silero_vad_v5.onnx";
  public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";

  private final URI tarball;
  private final String sha256;
  private final HttpClient client;

  /**
   * @param registry npm registry base URL, e.g. {@link #DEFAULT_REGISTRY}
   * @param sha256 expected digest of the model file (hex)
   */
  public SileroVadDownloader(String registry, String sha256) {
    this.tarball = URI.create(registry.replaceAll("/+$", "") + TARBALL_PATH);
    this.sha256 = sha256;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(15))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The npm registry npm itself would use ({@code npm_config_registry}), with the pinned digest.
   */
  public static SileroVadDownloader fromEnvironment(Map<String, String> env) {
    String registry = env.getOrDefault("npm_config_registry", env.get("NPM_CONFIG_REGISTRY"));
    return new SileroVadDownloader(
        registry == null || registry.isBlank() ? DEFAULT_REGISTRY : registry, SHA256);
  }

  public URI tarball() {
    return tarball;
  }

  /**
   * Installs the model at {@code dest} unless a file with the right digest is already there.
   *
   * @return true when it downloaded, false when the file was already in place
   * @throws IOException naming what failed and how to install the model by hand
   */
  public boolean ensure(Path dest, PrintWriter progress) throws IOException {
    if (Files.isRegularFile(dest) && sha256Of(Files.readAllBytes(dest)).equals(sha256)) {
      return false;
    }
    progress.println("Silero VAD not in " + dest + "; fetching it from " + tarball + " ...");
    progress.flush();
    byte[] model;
    try {
      HttpResponse<InputStream> response =
          client.send(
              HttpRequest.newBuilder(tarball).timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode() + " for " + tarball);
        }
        model = entry(new GZIPInputStream(body), ENTRY);
      }
    } catch (IOException e) {
      throw new IOException(
          offline(dest, e.getMessage() == null ? e.toString() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching Silero VAD", e);
    }
    if (model == null) {
      throw new IOException(tarball + " has no " + ENTRY + " (not " + PACKAGE + "?)");
    }
    String actual = sha256Of(model);
    if (!actual.equals(sha256)) {
      throw new IOException(
          "sha256 mismatch for silero_vad_v5.onnx from "
              + PACKAGE
              + ": expected "
              + sha256
              + ", got "
              + actual
              + "; nothing installed");
    }
    Files.createDirectories(dest.toAbsolutePath().getParent());
    Path partial = dest.resolveSibling(dest.getFileName() + ".part");
    Files.write(partial, model);
    Files.move(partial, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    progress.println("installed " + dest + " (sha256 verified)");
    progress.flush();
    return true;
  }

  private String offline(Path dest, String why) {
    return "cannot download Silero VAD from "
        + tarball
        + " ("
        + why
        + "). Offline? Where there is internet run asr-engine/scripts/fetch-silero-vad.sh and copy "
        + "silero_vad_v5.onnx to "
        + dest
        + " (or point SILERO_VAD_MODEL at it)";
  }

  /** The bytes of one file in a tar stream, or null when it holds no such file. */
  static byte[] entry(InputStream tar, String name) throws IOException {
    byte[] header = new byte[512];
    while (tar.readNBytes(header, 0, 512) == 512) {
      String entryName = field(header, 0, 100);
      if (entryName.isEmpty()) {
        return null; // the two zero blocks that end an archive
      }
      String prefix = field(header, 345, 155); // ustar: long names are split into prefix/name
      if (!prefix.isEmpty()) {
        entryName = prefix + "/" + entryName;
      }
      String sizeText = field(header, 124, 12).trim(); // octal
      long size = sizeText.isEmpty() ? 0 : Long.parseLong(sizeText, 8);
      long padded = (size + 511) / 512 * 512;
      if (entryName.equals(name)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        out.write(tar.readNBytes((int) size));
        if (out.size() != size) {
          throw new IOException("tarball ends inside " + name);
        }
        return out.toByteArray();
      }
      tar.skipNBytes(padded);
    }
    return null;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  static String sha256Of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
