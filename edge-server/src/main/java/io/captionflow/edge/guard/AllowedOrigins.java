package io.captionflow.edge.guard;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web pages may open the WebSockets: browsers send the page's origin ({@code
 * https://captions.example.org}) in an Origin header the page cannot change. Non-browser clients
 * usually send none; they are let in unless {@code requireOrigin}. An empty list lets everyone in.
 */
public final class AllowedOrigins {

  public static final AllowedOrigins ANY = new AllowedOrigins(Set.of(), false);

  private final Set<String> origins;
  private final boolean requireOrigin;

  private AllowedOrigins(Set<String> origins, boolean requireOrigin) {
    this.origins = Set.copyOf(origins);
    this.requireOrigin = requireOrigin;
  }

  /**
   * A comma-separated list of {@code scheme://host[:port]}; a bad entry is an
   * IllegalArgumentException naming it. {@code requireOrigin} needs a list.
   */
  public static AllowedOrigins parse(String list, boolean requireOrigin) {
    Set<String> origins = new LinkedHashSet<>();
    if (list != null) {
      for (String part : list.split(",")) {
        if (!part.isBlank()) {
          origins.add(
              normalize(part.strip())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "not an origin: '"
                                  + part.strip()
                                  + "' (write scheme://host[:port] as a browser sends it, e.g."
                                  + " https://captions.example.org)")));
        }
      }
    }
    if (requireOrigin && origins.isEmpty()) {
      throw new IllegalArgumentException(
          "requiring an Origin needs a list of allowed origins to compare it with");
    }
    return new AllowedOrigins(origins, requireOrigin);
  }

  public boolean isOpen() {
    return origins.isEmpty();
  }

  /** Why an upgrade with this Origin header (null: none sent) is refused; empty when allowed. */
  public Optional<String> refusal(String origin) {
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    if (origin == null) {
      return requireOrigin
          ? Optional.of("forbidden: an Origin header is required")
          : Optional.empty();
    }
    if (normalize(origin).filter(origins::contains).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("forbidden: origin not allowed");
  }

  /** Lower-case scheme and host, the scheme's default port left out, as browsers write it. */
  private static Optional<String> normalize(String origin) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        uri.getHost() != null
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    if (!bare || !("http".equals(scheme) || "https".equals(scheme))) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("http".equals(scheme) && port == 80)
            || ("https".equals(scheme) && port == 443);
    return Optional.of(
        scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
  }

  @Override
  public String toString() {
    return origins.isEmpty() ? "any" : origins + (requireOrigin ? " (Origin required)" : "");
  }
}
