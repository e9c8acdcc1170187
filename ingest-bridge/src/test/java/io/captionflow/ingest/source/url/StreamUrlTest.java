package io.captionflow.ingest.source.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamUrlTest {

  @Test
  void credentialsAndQueriesAreLeftOutOfWhatIsShown() {
    assertEquals(
        "rtmp://encoder:1935/live/show",
        new StreamUrl("rtmp://user:secret@encoder:1935/live/show").redacted());
    assertEquals(
        "srt://:9000?…", new StreamUrl("srt://:9000?mode=listener&passphrase=hunter22").redacted());
    assertEquals(
        "https://cdn.example/a/master.m3u8?…",
        new StreamUrl("https://cdn.example/a/master.m3u8?token=abc").redacted());
    assertEquals(
        "http://127.0.0.1:8000/live", new StreamUrl("http://127.0.0.1:8000/live").toString());
  }

  @Test
  void badUrlsAreRefusedNamingTheProblem() {
    assertEquals("bad URL: empty", refusal(" "));
    assertEquals(
        "bad URL 'talk.wav': no scheme (expected e.g. srt://, rtmp://, http://, https://; for a"
            + " file use 'bridge file')",
        refusal("talk.wav"));
    assertEquals(
        "bad URL 'http://a b/': contains whitespace or a control character",
        refusal("http://a b/"));
    assertEquals(
        "bad URL 'mailto:x@y': no host (expected mailto://HOST...)", refusal("mailto:x@y"));
  }

  private static String refusal(String url) {
    return assertThrows(IllegalArgumentException.class, () -> new StreamUrl(url)).getMessage();
  }
}
