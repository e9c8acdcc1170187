package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.fixtures.asr.WaveringLanguage;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import io.captionflow.job.inference.WindowDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A session's output does not depend on which sessions shared its decode rounds: several sessions
 * of random wavering scripts in random modes, their chunks interleaved at random, cut into bundles
 * of random size and decoded in batched rounds of random width, emit exactly what each emits when
 * it runs alone and decodes at once (the wavering fixture moves its hypotheses with every window
 * end and reads the decoder state, so a decode at another point or with another session's state
 * would show).
 */
class BatchedDecodingProperties {

  static Path modelDir;
  static WaveringLanguage language;
  static ParakeetRecognizer recognizer;

  @BeforeContainer
  static void load() throws IOException {
    modelDir = Files.createTempDirectory("captionflow-batched-model");
    language = WaveringToneFixture.write(modelDir);
    recognizer = ParakeetRecognizer.load(RecognizerConfig.of(modelDir).withIntraOpThreads(1));
  }

  @AfterContainer
  static void close() {
    recognizer.close();
  }

  /** One session's audio, settings and chunking. */
  record Room(LatencyMode mode, float[] audio, int chunkSamples) {
    int chunks() {
      return (audio.length + chunkSamples - 1) / chunkSamples;
    }

    float[] chunk(int i) {
      int from = i * chunkSamples;
      return Arrays.copyOfRange(audio, from, Math.min(audio.length, from + chunkSamples));
    }
  }

  @Property(tries = 4)
  void sessionsDecodedInBatchedRoundsEmitWhatTheyEmitAlone(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 6) int sessions,
      @ForAll @IntRange(min = 1, max = 40) int bundleRecords,
      @ForAll @IntRange(min = 1, max = 5) int maxBatch) {
    Random random = new Random(seed);
    LatencyMode[] modes = LatencyMode.offline().toArray(LatencyMode[]::new);
    List<Room> rooms = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      rooms.add(
          new Room(
              modes[random.nextInt(modes.length)],
              language.synthesize(WaveringSessionProperties.randomScript(random)),
              (1 + random.nextInt(4)) * 800));
    }
    WindowDecoder decoder = new WindowDecoder(recognizer);
    DescriptiveStatisticsHistogram batchSizes = new DescriptiveStatisticsHistogram(10_000);
    DecodeRounds rounds =
        new DecodeRounds(decoder, maxBatch, batchSizes, new DescriptiveStatisticsHistogram(10_000));

    List<SessionStream> streams = new ArrayList<>();
    List<RecordingOutput> outs = new ArrayList<>();
    int[] next = new int[sessions];
    List<Integer> unfinished = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      streams.add(
          SessionStream.create(SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel()));
      outs.add(new RecordingOutput());
      streams.get(i).onStart(SessionSettings.of(rooms.get(i).mode()), outs.get(i));
      unfinished.add(i);
    }
    while (!unfinished.isEmpty()) {
      // a bundle: records of random sessions in arrival order, then the rounds
      for (SessionStream s : streams) {
        s.deferDecodes();
      }
      for (int r = 0; r < bundleRecords && !unfinished.isEmpty(); r++) {
        int i = unfinished.get(random.nextInt(unfinished.size()));
        Room room = rooms.get(i);
        int c = next[i]++;
        streams
            .get(i)
            .onChunk(c, room.chunk(c), 1_000L + 100L * c, c == room.chunks() - 1, outs.get(i));
        if (next[i] == room.chunks()) {
          unfinished.remove(Integer.valueOf(i));
        }
      }
      List<DecodeRounds.Member> members = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        members.add(new DecodeRounds.Member(streams.get(i), outs.get(i)));
      }
      rounds.run(members);
      for (SessionStream s : streams) {
        assertTrue(!s.dueDecodes().hasDueDecode(), "a round left a decode due");
      }
    }
    for (int i = 0; i < sessions; i++) {
      RecordingOutput alone = alone(rooms.get(i), decoder);
      RecordingOutput batched = outs.get(i);
      String which = "session " + i + " " + rooms.get(i).mode().id();
      assertEquals(alone.finalOrder, batched.finalOrder, which);
      assertEquals(alone.segments, batched.segments, which);
      assertEquals(alone.confirmedWords, batched.confirmedWords, which);
      assertEquals(alone.confirmedAt, batched.confirmedAt, which);
      assertEquals(alone.statuses, batched.statuses, which);
      assertEquals(alone.captureTimes, batched.captureTimes, which);
      assertEquals(alone.encodedSamples, batched.encodedSamples, which);
      assertEquals(alone.decodes, batched.decodes, which);
    }
    assertTrue(batchSizes.getStatistics().getMax() <= maxBatch);
  }

  private static RecordingOutput alone(Room room, WindowDecoder decoder) {
    RecordingOutput out = new RecordingOutput();
    SessionStream s =
        SessionStream.create(SessionStream.Defaults.STANDARD, decoder, new RmsEnergyModel());
    s.onStart(SessionSettings.of(room.mode()), out);
    for (int c = 0; c < room.chunks(); c++) {
      s.onChunk(c, room.chunk(c), 1_000L + 100L * c, c == room.chunks() - 1, out);
    }
    return out;
  }
}
