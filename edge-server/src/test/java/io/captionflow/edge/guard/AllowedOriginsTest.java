package io.captionflow.edge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedOriginsTest {

  private static final AllowedOrigins LISTED =
      AllowedOrigins.parse("https://captions.example.org, http://localhost:8080", false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://captions.example.org",
        "HTTPS://Captions.Example.org",
        "https://captions.example.org:443",
        "http://localhost:8080"
      })
  void listedOriginsAreAllowedAsBrowsersWriteThem(String origin) {
    assertEquals(Optional.empty(), LISTED.refusal(origin));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example",
        "http://captions.example.org",
        "https://captions.example.org:8443",
        "http://localhost",
        "null",
        "https://captions.example.org.evil.example",
        ""
      })
  void otherOriginsAreRefused(String origin) {
    assertEquals(Optional.of("forbidden: origin not allowed"), LISTED.refusal(origin));
  }

  @Test
  void noOriginIsAllowedUnlessRequired() {
    assertEquals(Optional.empty(), LISTED.refusal(null));
    AllowedOrigins strict = AllowedOrigins.parse("https://captions.example.org", true);
    assertEquals(Optional.of("forbidden: an Origin header is required"), strict.refusal(null));
    assertEquals(Optional.empty(), strict.refusal("https://captions.example.org"));
  }

  @Test
  void anEmptyListAllowsEveryone() {
    AllowedOrigins any = AllowedOrigins.parse(" ", false);
    assertEquals(true, any.isOpen());
    assertEquals(Optional.empty(), any.refusal("https://evil.example"));
    assertEquals(Optional.empty(), any.refusal(null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://captions.example.org/display",
        "captions.example.org",
        "ftp://captions.example.org",
        "https://user@captions.example.org",
        "*"
      })
  void aBadEntryIsAnErrorNamingIt(String entry) {
    assertEquals(
        "not an origin: '"
            + entry
            + "' (write scheme://host[:port] as a browser sends it, e.g."
            + " https://captions.example.org)",
        assertThrows(IllegalArgumentException.class, () -> AllowedOrigins.parse(entry, false))
            .getMessage());
  }

  @Test
  void requiringAnOriginNeedsAList() {
    assertEquals(
        "requiring an Origin needs a list of allowed origins to compare it with",
        assertThrows(IllegalArgumentException.class, () -> AllowedOrigins.parse("", true))
            .getMessage());
  }
}
