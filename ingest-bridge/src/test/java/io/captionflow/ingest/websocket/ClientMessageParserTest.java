package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.audio.PcmCodec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientMessageParserTest {

  private final ClientMessageParser parser = new ClientMessageParser(16000);

  @Test
  void parsesAudioConfigAndEnd() {
    float[] samples = {0.5f, -0.25f};
    String pcm16 = Base64.getEncoder().encodeToString(PcmCodec.encodePcm16(samples));
    ClientMessage.Audio audio =
        (ClientMessage.Audio) parser.parse("{\"type\":\"audio\",\"data\":\"" + pcm16 + "\"}");
    assertArrayEquals(samples, audio.samples());
    assertEquals(16000, audio.sampleRate());
    assertEquals(false, audio.isFinal());

    String f32 = Base64.getEncoder().encodeToString(PcmCodec.encodeF32(samples));
    ClientMessage.Audio last =
        (ClientMessage.Audio)
            parser.parse(
                "{\"type\":\"audio\",\"data\":\""
                    + f32
                    + "\",\"encoding\":\"f32\",\"sample_rate\":48000,\"final\":true}");
    assertArrayEquals(samples, last.samples());
    assertEquals(48000, last.sampleRate());
    assertTrue(last.isFinal());

    ClientMessage.Audio empty =
        (ClientMessage.Audio) parser.parse("{\"type\":\"audio\",\"final\":true}");
    assertEquals(0, empty.samples().length);

    assertEquals(
        new ClientMessage.Configure("de", null),
        parser.parse("{\"type\":\"config\",\"lang\":\"de\"}"));
    assertInstanceOf(ClientMessage.End.class, parser.parse("{\"type\":\"end\"}"));
  }

  @Test
  void refusesMalformedMessagesNamingTheProblem() {
    assertRefused("[1,2]", "must be a JSON object");
    assertRefused("{\"type\":\"audio\",\"data\":42}", "\"data\" must be a base64 string");
    assertRefused(
        "{\"type\":\"audio\",\"data\":\"AAAA\"}", "3 bytes is not a whole number of 2-byte pcm16");
    assertRefused(
        "{\"type\":\"audio\",\"data\":\"AAE=\",\"encoding\":\"f32\"}",
        "not a whole number of 4-byte f32");
    assertRefused(
        "{\"type\":\"audio\",\"sample_rate\":16000.5}", "\"sample_rate\" must be an integer");
    assertRefused("{\"type\":\"audio\",\"sample_rate\":0}", "absurd sample rate 0 Hz");
    assertRefused("{\"type\":\"audio\",\"final\":\"yes\"}", "\"final\" must be true or false");
    assertRefused("{\"type\":\"config\",\"lang\":5}", "\"lang\" must be a string");
  }

  private void assertRefused(String json, String expected) {
    InvalidMessageException e =
        assertThrows(InvalidMessageException.class, () -> parser.parse(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
