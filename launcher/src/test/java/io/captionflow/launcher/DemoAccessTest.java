package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoAccessTest {

  @Test
  void withNoTokensAnywhereTheDemoIsOpenAndSaysSo() {
    DemoAccess access = DemoAccess.of(null, Map.of());
    assertEquals(true, access.open());
    assertEquals(
        "http://localhost:8080/?session=demo", access.displayUrl("localhost", 8080, "demo"));
    assertEquals(
        "OPEN: no subscribe tokens set, so anyone who can reach port 8080 may watch; set"
            + " CAPTIONFLOW_SUBSCRIBE_TOKENS or --subscribe-tokens to require them",
        access.describe(8080));
  }

  @Test
  void tokensFromTheEnvironmentCloseTheDemo() {
    DemoAccess access =
        DemoAccess.of(null, Map.of("CAPTIONFLOW_SUBSCRIBE_TOKENS", "demo=s3cret,*=admin"));
    assertEquals(false, access.open());
    assertEquals(true, access.tokens().allows("demo", "s3cret"));
    assertEquals(false, access.tokens().allows("demo", "guess"));
    assertEquals(true, access.tokens().allows("other", "admin"));
    assertEquals(
        "http://localhost:8080/?session=demo&token=<your token>",
        access.displayUrl("localhost", 8080, "demo"));
    assertEquals(
        "tokens required (from CAPTIONFLOW_SUBSCRIBE_TOKENS): add &token=… to the display URL",
        access.describe(8080));
  }

  @Test
  void theFlagWinsOverTheEnvironment() {
    DemoAccess access =
        DemoAccess.of("demo=flag-token", Map.of("CAPTIONFLOW_SUBSCRIBE_TOKENS", "demo=env-token"));
    assertEquals(true, access.tokens().allows("demo", "flag-token"));
    assertEquals(false, access.tokens().allows("demo", "env-token"));
    assertEquals(
        "tokens required (from --subscribe-tokens): add &token=… to the display URL",
        access.describe(8080));
  }

  @Test
  void malformedTokensAreAnErrorThatNeverShowsThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DemoAccess.of(
                    null, Map.of("CAPTIONFLOW_SUBSCRIBE_TOKENS", "demo=ok,hidden-value")));
    assertEquals(
        "subscribe tokens: entry 2 is not 'session=token' (use e.g. 'studio-a=s3cret,*=adminToken')",
        e.getMessage());
    assertEquals(false, e.getMessage().contains("hidden-value"));
  }
}
