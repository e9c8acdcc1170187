package io.captionflow.ingest.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.audio.WavReader;
import io.captionflow.ingest.source.SampleFormat;
import java.util.Base64;

/** Parses and validates client JSON messages completely before anything of them is used. */
public final class ClientMessageParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int defaultSampleRate;

  public ClientMessageParser(int defaultSampleRate) {
    this.defaultSampleRate = defaultSampleRate;
  }

  public ClientMessage parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("message is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidMessageException("message must be a JSON object with a \"type\"");
    }
    String type = node.path("type").asText("");
    switch (type) {
      case "audio":
        return audio(node);
      case "config":
        return new ClientMessage.Configure(optionalText(node, "lang"), optionalText(node, "mode"));
      case "end":
        return new ClientMessage.End();
      default:
        throw new InvalidMessageException(
            "unknown message type '" + abbreviate(type) + "' (expected audio, config or end)");
    }
  }

  private ClientMessage.Audio audio(JsonNode node) {
    JsonNode data = node.get("data");
    if (data != null && !data.isTextual()) {
      throw new InvalidMessageException("\"data\" must be a base64 string");
    }
    byte[] bytes;
    try {
      bytes = data == null ? new byte[0] : Base64.getDecoder().decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidMessageException("\"data\" is not valid base64: " + e.getMessage());
    }
    String encoding = node.has("encoding") ? node.get("encoding").asText() : "pcm16";
    SampleFormat format;
    if (encoding.equals("pcm16")) {
      format = SampleFormat.S16LE;
    } else if (encoding.equals("f32")) {
      format = SampleFormat.F32LE;
    } else {
      throw new InvalidMessageException(
          "unsupported encoding '" + abbreviate(encoding) + "' (expected pcm16 or f32)");
    }
    int rate = defaultSampleRate;
    if (node.has("sample_rate")) {
      JsonNode r = node.get("sample_rate");
      if (!r.canConvertToInt() || !r.isIntegralNumber()) {
        throw new InvalidMessageException("\"sample_rate\" must be an integer");
      }
      rate = r.asInt();
    }
    requireRate(rate);
    JsonNode fin = node.get("final");
    if (fin != null && !fin.isBoolean()) {
      throw new InvalidMessageException("\"final\" must be true or false");
    }
    return new ClientMessage.Audio(
        ClientMessage.decodePcm(bytes, format), rate, fin != null && fin.asBoolean());
  }

  static void requireRate(int rate) {
    if (rate < WavReader.MIN_SAMPLE_RATE || rate > WavReader.MAX_SAMPLE_RATE) {
      throw new InvalidMessageException(
          "absurd sample rate "
              + rate
              + " Hz (supported: "
              + WavReader.MIN_SAMPLE_RATE
              + ".."
              + WavReader.MAX_SAMPLE_RATE
              + ")");
    }
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidMessageException("\"" + field + "\" must be a string");
    }
    return v.asText();
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 32 ? printable.substring(0, 32) + "..." : printable;
  }
}
