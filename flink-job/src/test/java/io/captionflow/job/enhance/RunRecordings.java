package io.captionflow.job.enhance;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AudioEncoding;
import io.captionflow.schema.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Recorded sessions as the bridge puts them on the audio topic: 100 ms PCM16 chunks. */
final class RunRecordings {

  static final int CHUNK = 1_600;

  private RunRecordings() {}

  static int chunkCount(float[] audio) {
    return (audio.length + CHUNK - 1) / CHUNK;
  }

  static AudioChunk chunk(String session, float[] audio, int i) {
    int n = chunkCount(audio);
    float[] samples = Arrays.copyOfRange(audio, i * CHUNK, Math.min(audio.length, (i + 1) * CHUNK));
    return AudioChunk.newBuilder()
        .setSessionId(session)
        .setSequence(i)
        .setSampleRate(16_000)
        .setEncoding(AudioEncoding.PCM16)
        .setChannels(1)
        .setPcm(ByteBuffer.wrap(PcmCodec.encodePcm16(samples)))
        .setCaptureTimeMillis(1_000L + i * 100L)
        .setEndOfStream(i == n - 1)
        .build();
  }

  /** The chunks of {@code audio} but {@code missing}, as records from {@code offset} on. */
  static List<InMemoryRecords.Stored> records(
      String topic, String session, float[] audio, Set<Integer> missing, long offset) {
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    List<InMemoryRecords.Stored> out = new ArrayList<>();
    for (int i = 0; i < chunkCount(audio); i++) {
      if (!missing.contains(i)) {
        out.add(
            new InMemoryRecords.Stored(
                topic,
                0,
                offset + out.size(),
                session.getBytes(StandardCharsets.UTF_8),
                codec.encode(chunk(session, audio, i))));
      }
    }
    return out;
  }

  /**
   * What {@code replay --to-file} exports of such a recording, by the definition: every
   * sample rounded to 16 bits, a missing 100 ms chunk as 100 ms of silence.
   */
  static float[] exported(float[] audio, Set<Integer> missing) {
    float[] out = new float[audio.length];
    for (int i = 0; i < audio.length; i++) {
      out[i] = missing.contains(i / CHUNK) ? 0f : PcmCodec.toPcm16(audio[i]) / 32768f;
    }
    return out;
  }
}
