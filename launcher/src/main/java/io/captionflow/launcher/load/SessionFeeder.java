package io.captionflow.launcher.load;

import io.captionflow.audio.PcmCodec;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.AudioChunks;
import io.captionflow.schema.wire.SessionEvents;
import io.captionflow.schema.wire.StartSettings;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Streams the same speech for many sessions into the audio topic in real time, as capture devices
 * would: chunk {@code j} of session {@code i} is due {@code (j + 1) × 100 ms} after the session's
 * start, the sessions' starts spread evenly over one chunk so the load is smooth. A chunk's capture
 * time is when it was due, so a feeder that falls behind shows up as latency, and as lag here.
 */
final class SessionFeeder {

  static final int CHUNK_SAMPLES = 1600;
  static final long CHUNK_NANOS = 100_000_000L;

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final List<String> sessions;
  private final byte[][] chunks;
  private final StartSettings settings;
  private final AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();

  private final AtomicLong sent = new AtomicLong();
  private final long[] maxLagNanos;
  private volatile long startMillis;
  private volatile long startNanos;

  SessionFeeder(
      Producer<String, byte[]> producer,
      Topics topics,
      List<String> sessions,
      float[] audio,
      StartSettings settings) {
    if (audio.length % CHUNK_SAMPLES != 0) {
      throw new IllegalArgumentException(
          "session audio must be whole 100 ms chunks, got " + audio.length + " samples");
    }
    this.producer = producer;
    this.topics = topics;
    this.sessions = List.copyOf(sessions);
    this.settings = settings;
    this.chunks = new byte[audio.length / CHUNK_SAMPLES][];
    for (int j = 0; j < chunks.length; j++) {
      chunks[j] = PcmCodec.encodePcm16(audio, j * CHUNK_SAMPLES, CHUNK_SAMPLES);
    }
    this.maxLagNanos = new long[sessions.size()];
  }

  /** Announces every session (START with the mode) before its audio. */
  void announce() {
    long now = System.currentTimeMillis();
    for (String id : sessions) {
      producer.send(
          new ProducerRecord<>(
              topics.sessionEvents(),
              id,
              AvroCodec.sessionEvent().encode(SessionEvents.start(id, settings, now))));
    }
    producer.flush();
  }

  /**
   * Sends every chunk of every session at its due time, from {@code startMillis} (wall clock) on;
   * returns when the last chunk is out.
   */
  void run(long startMillis) {
    this.startNanos = System.nanoTime() + (startMillis - System.currentTimeMillis()) * 1_000_000;
    this.startMillis = startMillis;
    for (int j = 0; j < chunks.length; j++) {
      for (int i = 0; i < sessions.size(); i++) {
        long due = dueNanos(i, j);
        long wait = due - System.nanoTime();
        if (wait > 50_000) {
          LockSupport.parkNanos(wait);
        }
        send(i, j);
        maxLagNanos[i] = Math.max(maxLagNanos[i], System.nanoTime() - due);
        sent.incrementAndGet();
      }
    }
    producer.flush();
  }

  /** Streams one session as fast as the broker takes it (the warm-up before the measurement). */
  void rush(String id) {
    long now = System.currentTimeMillis();
    producer.send(
        new ProducerRecord<>(
            topics.sessionEvents(),
            id,
            AvroCodec.sessionEvent().encode(SessionEvents.start(id, settings, now))));
    for (int j = 0; j < chunks.length; j++) {
      producer.send(new ProducerRecord<>(topics.audio(), id, chunk(id, j, now)));
    }
    producer.flush();
  }

  private void send(int session, int j) {
    String id = sessions.get(session);
    producer.send(
        new ProducerRecord<>(topics.audio(), id, chunk(id, j, captureMillis(session, j))));
  }

  private byte[] chunk(String id, int j, long captureMillis) {
    return codec.encode(AudioChunks.pcm16(id, j, chunks[j], captureMillis, j == chunks.length - 1));
  }

  /** Session {@code i}'s start, spread over one chunk: i / N of 100 ms after the feed's start. */
  private long offsetNanos(int i) {
    return CHUNK_NANOS * i / sessions.size();
  }

  private long dueNanos(int i, int j) {
    return startNanos + offsetNanos(i) + (j + 1) * CHUNK_NANOS;
  }

  /** Wall-clock ms when chunk {@code j} of session {@code i} was captured (was due). */
  long captureMillis(int i, int j) {
    return startMillis + Math.round((offsetNanos(i) + (j + 1) * CHUNK_NANOS) / 1e6);
  }

  int chunksPerSession() {
    return chunks.length;
  }

  long chunksSent() {
    return sent.get();
  }

  /** How late the session's worst chunk went out, in ms (0 before the feed starts). */
  long maxLagMillis(int session) {
    return maxLagNanos[session] / 1_000_000;
  }

  long maxLagMillis() {
    return Arrays.stream(maxLagNanos).max().orElse(0) / 1_000_000;
  }
}
