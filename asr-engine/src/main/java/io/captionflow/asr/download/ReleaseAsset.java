package io.captionflow.asr.download;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One asset as GitHub's release API describes it.
 *
 * @param digest what the host publishes, e.g. {@code sha256:<hex>}; null when it publishes none
 * @param downloadUrl null when the API names none
 */
public record ReleaseAsset(String name, String digest, URI downloadUrl, long size) {

  private static final Pattern SHA256 = Pattern.compile("sha256:([0-9a-f]{64})");

  /** Reads {@code name}, {@code digest}, {@code browser_download_url} and {@code size}. */
  public static ReleaseAsset fromJson(JsonNode asset) {
    JsonNode digest = asset.path("digest");
    String url = asset.path("browser_download_url").asText("");
    return new ReleaseAsset(
        asset.path("name").asText(),
        digest.isTextual() && !digest.asText().isBlank() ? digest.asText() : null,
        url.isBlank() ? null : URI.create(url),
        asset.path("size").asLong(-1));
  }

  /** The sha256 the host publishes, lower-case hex, if its digest is one. */
  public Optional<String> sha256() {
    if (digest == null) {
      return Optional.empty();
    }
    Matcher m = SHA256.matcher(digest.trim().toLowerCase(Locale.ROOT));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
