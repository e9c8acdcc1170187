package io.captionflow.ingest.websocket;

import io.captionflow.ingest.source.SampleFormat;

/** A JSON text message from a publishing client. */
public sealed interface ClientMessage {

  /**
   * {@code {"type":"audio","data":<base64>,"encoding":"pcm16"|"f32","sample_rate":N,"final":bool}}.
   *
   * @param samples decoded mono samples (whole samples only)
   * @param sampleRate their rate
   * @param isFinal the session ends after these samples
   */
  record Audio(float[] samples, int sampleRate, boolean isFinal) implements ClientMessage {}

  /**
   * {@code {"type":"config","lang":"de","mode":"speedy"}}: new settings for the room's session (new
   * START).
   */
  record Configure(String language, String mode) implements ClientMessage {}

  /** {@code {"type":"end"}}: the session ends now. */
  record End() implements ClientMessage {}

  /** Decodes raw PCM bytes of a binary frame or audio message, refusing partial samples. */
  static float[] decodePcm(byte[] bytes, SampleFormat format) {
    if (bytes.length % format.bytesPerSample() != 0) {
      throw new InvalidMessageException(
          bytes.length
              + " bytes is not a whole number of "
              + format.bytesPerSample()
              + "-byte "
              + (format == SampleFormat.S16LE ? "pcm16" : "f32")
              + " samples");
    }
    return format.decode(bytes, 0, bytes.length);
  }
}
