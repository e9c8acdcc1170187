package io.captionflow.job.enhance;

import io.captionflow.audio.PcmCodec;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguage.ScheduledWord;
import io.captionflow.job.source.RawRecord;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.wire.AudioChunks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * A generated session of any length for benchmarks, as an audio-topic range: 100 ms PCM16 chunks of
 * a 60 s tone-language script repeated (a phrase of three words every 2 s, so one hour holds 5 400
 * words in 1 800 phrases), the last chunk marked end-of-stream. The fixture model hears exactly the
 * words; other models hear whatever they hear, at their real cost.
 */
public final class GeneratedRun {

  public static final int CHUNK_SAMPLES = 1_600;
  static final double BLOCK_SECONDS = 60;
  static final double PHRASE_EVERY_SECONDS = 2.0;

  /** Phrases in turn; none ends with the word the next starts with (the language's rule). */
  static final List<String> PHRASES =
      List.of("hello world stream", "no words from", "live captions for", "every stream live");

  private GeneratedRun() {}

  public static long chunks(double seconds) {
    return (long) Math.ceil(seconds * AudioChunks.SAMPLE_RATE / CHUNK_SAMPLES);
  }

  /** Words one block's script says. */
  public static int wordsPer(double seconds) {
    long phrases = Math.round(seconds / PHRASE_EVERY_SECONDS);
    return (int) (3 * phrases);
  }

  public static DataGeneratorSource<RawRecord> source(
      String sessionId, String audioTopic, double seconds) {
    long n = chunks(seconds);
    return new DataGeneratorSource<>(
        new Chunks(sessionId, audioTopic, n),
        n,
        RateLimiterStrategy.noOp(),
        TypeInformation.of(RawRecord.class));
  }

  /** The 60 s script's audio. */
  static float[] block() {
    ToneLanguage language = new ToneLanguage();
    List<ScheduledWord> words = new ArrayList<>();
    int phrases = (int) (BLOCK_SECONDS / PHRASE_EVERY_SECONDS);
    for (int p = 0; p < phrases; p++) {
      words.addAll(
          language.sentence(
              PHRASES.get(p % PHRASES.size()), p * PHRASE_EVERY_SECONDS + 0.4, 0.32, 0.16));
    }
    return language.synthesize(words, BLOCK_SECONDS);
  }

  /**
   * Chunk i is the block's samples from {@code i × 1600}, wrapping (60 s is a whole number of
   * chunks).
   */
  static final class Chunks implements GeneratorFunction<Long, RawRecord> {
    private final String sessionId;
    private final String audioTopic;
    private final long count;
    private transient byte[][] pcm;
    private transient AvroCodec<AudioChunk> codec;

    Chunks(String sessionId, String audioTopic, long count) {
      this.sessionId = sessionId;
      this.audioTopic = audioTopic;
      this.count = count;
    }

    @Override
    public void open(SourceReaderContext context) {
      float[] block = block();
      pcm = new byte[block.length / CHUNK_SAMPLES][];
      for (int c = 0; c < pcm.length; c++) {
        pcm[c] =
            PcmCodec.encodePcm16(
                Arrays.copyOfRange(block, c * CHUNK_SAMPLES, (c + 1) * CHUNK_SAMPLES));
      }
      codec = AvroCodec.audioChunk();
    }

    @Override
    public RawRecord map(Long i) {
      AudioChunk chunk =
          AudioChunks.pcm16(sessionId, i, pcm[(int) (i % pcm.length)], i * 100, i == count - 1);
      return new RawRecord(
          audioTopic, 0, i, sessionId.getBytes(StandardCharsets.UTF_8), codec.encode(chunk));
    }
  }
}
