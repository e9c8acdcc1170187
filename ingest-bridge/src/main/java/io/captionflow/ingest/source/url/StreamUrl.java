package io.captionflow.ingest.source.url;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A stream address for ffmpeg ({@code srt://}, {@code rtmp://}, {@code http(s)://}, ...): checked
 * for shape here, and shown without credentials, since user info and query strings carry passwords,
 * SRT passphrases and tokens.
 */
public record StreamUrl(String value) {

  public StreamUrl {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("bad URL: empty");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i)) || Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            "bad URL '" + value + "': contains whitespace or a control character");
      }
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL '" + value + "': " + e.getMessage());
    }
    if (uri.getScheme() == null) {
      throw new IllegalArgumentException(
          "bad URL '"
              + value
              + "': no scheme (expected e.g. srt://, rtmp://, http://, https://; for a file use"
              + " 'bridge file')");
    }
    if (uri.isOpaque() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "bad URL '" + value + "': no host (expected " + uri.getScheme() + "://HOST...)");
    }
  }

  /** scheme://host:port/path, without user info, query or fragment: safe for logs and events. */
  public String redacted() {
    URI uri = URI.create(value);
    String authority = uri.getRawAuthority();
    String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?…";
    return uri.getScheme() + "://" + hostAndPort + path + query;
  }

  @Override
  public String toString() {
    return redacted();
  }
}
