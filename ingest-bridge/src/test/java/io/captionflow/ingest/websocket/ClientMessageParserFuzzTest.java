package io.captionflow.ingest.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.captionflow.audio.WavReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the WebSocket ingest's text messages: any text is either a valid
 * {@link ClientMessage} or an {@link InvalidMessageException}, whose reason goes to the client as
 * the close reason. Without JAZZER_FUZZ only the committed inputs in {@code
 * ClientMessageParserFuzzTestInputs/parse/} run (README "Fuzzing").
 */
class ClientMessageParserFuzzTest {

  private final ClientMessageParser parser = new ClientMessageParser(16000);

  @FuzzTest(maxDuration = "60s")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    ClientMessage message;
    try {
      message = parser.parse(text);
    } catch (InvalidMessageException refused) {
      return;
    }
    if (message instanceof ClientMessage.Audio audio) {
      // base64 carries 3 bytes per 4 characters, and a sample is at least 2 bytes
      assertTrue(
          audio.samples().length <= text.length(),
          audio.samples().length + " samples from " + text.length() + " characters");
      assertTrue(
          audio.sampleRate() >= WavReader.MIN_SAMPLE_RATE
              && audio.sampleRate() <= WavReader.MAX_SAMPLE_RATE,
          "sample rate " + audio.sampleRate());
    }
  }
}
