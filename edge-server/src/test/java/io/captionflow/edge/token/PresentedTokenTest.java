package io.captionflow.edge.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresentedTokenTest {

  @ParameterizedTest
  @CsvSource({
    "'Bearer s3cret', , s3cret",
    "'bearer s3cret', , s3cret",
    "'Bearer  s3cret ', , s3cret",
    "'Bearer s3cret', fromQuery, s3cret",
    ", fromQuery, fromQuery",
    "'Bearer ', fromQuery, fromQuery",
    "'Basic dXNlcjpwdw==', fromQuery, fromQuery",
  })
  void theBearerHeaderWinsOverTheQuery(String authorization, String query, String expected) {
    assertEquals(expected, PresentedToken.fromHeaderOrQuery(authorization, query));
  }

  @Test
  void noTokenIsNull() {
    assertNull(PresentedToken.fromHeaderOrQuery(null, null));
    assertNull(PresentedToken.fromHeaderOrQuery("Bearer   ", ""));
    assertNull(PresentedToken.fromHeaderOrQuery("Basic dXNlcjpwdw==", null));
  }
}
