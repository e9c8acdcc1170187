package io.captionflow.job.source;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.Resampler;
import io.captionflow.audio.WavReader;
import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.Topics;
import io.captionflow.schema.wire.AudioChunks;
import io.captionflow.schema.wire.SessionEvents;
import io.captionflow.schema.wire.StartSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The file entrance: a bounded source that plays a WAV file as one session — a START event, 16 kHz
 * PCM16 chunks with the last marked end-of-stream, then an END naming that last chunk — encoded
 * exactly as the ingest bridge would put them on the topics, so the rest of the pipeline cannot
 * tell the difference. Each record's timestamp is the replay's start plus its audio position (what
 * the bridge's Kafka timestamps would be live). Paced in real time or as fast as possible.
 */
public final class FileReplay {

  public static final int CHUNK_SAMPLES = 1_600;
  private static final long CHUNK_MILLIS = AudioChunks.millis(CHUNK_SAMPLES);

  private FileReplay() {}

  /** Chunks the file makes (plus one START and one END record). */
  public static long chunkCount(Path wav) {
    return (samples(wav).length + CHUNK_SAMPLES - 1) / CHUNK_SAMPLES;
  }

  /**
   * {@code maxSpeakers} 1–4 asks for speaker diarization in the session's START; 0 leaves it off.
   */
  public static DataGeneratorSource<RawRecord> source(
      Path wav, String sessionId, String mode, int maxSpeakers, Topics topics, boolean realTime) {
    long records = chunkCount(wav) + 2;
    RateLimiterStrategy<?> pace =
        realTime
            ? RateLimiterStrategy.perSecond(SAMPLE_RATE_CHUNKS_PER_SECOND)
            : RateLimiterStrategy.noOp();
    return new DataGeneratorSource<>(
        new Generator(wav.toString(), sessionId, mode, maxSpeakers, topics),
        records,
        pace,
        TypeInformation.of(RawRecord.class));
  }

  private static final double SAMPLE_RATE_CHUNKS_PER_SECOND =
      (double) AudioChunks.SAMPLE_RATE / CHUNK_SAMPLES;

  static float[] samples(Path wav) {
    try {
      PcmAudio audio = WavReader.read(wav);
      return audio.sampleRate() == AudioChunks.SAMPLE_RATE
          ? audio.samples()
          : Resampler.resample(audio, AudioChunks.SAMPLE_RATE).samples();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + wav + ": " + e.getMessage(), e);
    }
  }

  /** Record 0 is the START event, record i in 1..n is chunk i − 1, record n + 1 the END. */
  static final class Generator implements GeneratorFunction<Long, RawRecord> {
    private final String wav;
    private final String sessionId;
    private final String mode;
    private final int maxSpeakers;
    private final String audioTopic;
    private final String sessionEventsTopic;
    private transient float[] samples;
    private transient long chunkCount;
    private transient long startMillis;
    private transient AvroCodec<AudioChunk> chunks;

    Generator(String wav, String sessionId, String mode, int maxSpeakers, Topics topics) {
      this.wav = wav;
      this.sessionId = sessionId;
      this.mode = mode;
      this.maxSpeakers = maxSpeakers;
      this.audioTopic = topics.audio();
      this.sessionEventsTopic = topics.sessionEvents();
    }

    @Override
    public void open(SourceReaderContext context) {
      samples = samples(Path.of(wav));
      chunkCount = (samples.length + CHUNK_SAMPLES - 1) / CHUNK_SAMPLES;
      startMillis = System.currentTimeMillis();
      chunks = AvroCodec.audioChunk();
    }

    @Override
    public RawRecord map(Long index) {
      byte[] key = sessionId.getBytes(StandardCharsets.UTF_8);
      if (index == 0 || index == chunkCount + 1) {
        boolean start = index == 0;
        long at = startMillis + (start ? 0 : chunkCount * CHUNK_MILLIS);
        StartSettings settings =
            new StartSettings(
                null,
                mode,
                "file:" + wav,
                maxSpeakers > 0,
                maxSpeakers > 0 ? maxSpeakers : StartSettings.MAX_SPEAKERS);
        SessionEvent event =
            start
                ? SessionEvents.start(sessionId, settings, at)
                : SessionEvents.end(sessionId, settings, chunkCount - 1, at);
        return new RawRecord(
            sessionEventsTopic, 0, start ? 0 : 1, key, AvroCodec.sessionEvent().encode(event), at);
      }
      long sequence = index - 1;
      int from = (int) (sequence * CHUNK_SAMPLES);
      int to = Math.min(samples.length, from + CHUNK_SAMPLES);
      AudioChunk chunk =
          AudioChunks.pcm16(
              sessionId,
              sequence,
              samples,
              from,
              to - from,
              System.currentTimeMillis(),
              to == samples.length);
      return new RawRecord(
          audioTopic,
          0,
          sequence,
          key,
          chunks.encode(chunk),
          startMillis + sequence * CHUNK_MILLIS);
    }
  }
}
