package io.captionflow.inference.parakeet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.inference.DecodeRequest;
import io.captionflow.inference.DecodeResult;
import io.captionflow.inference.DecoderState;
import io.captionflow.inference.EncodedAudio;
import io.captionflow.inference.TimedWord;
import io.captionflow.inference.Transcript;
import io.captionflow.inference.fixture.ToneLanguage;
import io.captionflow.inference.fixture.ToneLanguage.ScheduledWord;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import io.captionflow.inference.fixture.WaveringLanguage;
import io.captionflow.inference.fixture.WaveringScript;
import io.captionflow.inference.fixture.WaveringScript.Burst;
import io.captionflow.inference.fixture.WaveringToneFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The batched TDT loop decodes every row exactly as the batch-1 loop decodes it alone: same tokens,
 * times, confidences, next frame and states, on both fixture models (the wavering one carries a
 * word's second piece in the decoder state, and its hum emits 10 tokens on one frame).
 */
class BatchedDecodingPropertyTest {

  private static final double SECONDS = 12.0;
  private static final int SAMPLES_PER_FRAME = 1280;
  private static final WaveringLanguage LANGUAGE = new WaveringLanguage();
  private static final ParakeetRecognizer TONE;
  private static final ParakeetRecognizer WAVERING;
  private static final ToneLanguage TONE_LANGUAGE;

  static {
    try {
      Path tone = Files.createTempDirectory("batched-tone");
      Path wavering = Files.createTempDirectory("batched-wavering");
      TONE_LANGUAGE = ToneLanguageFixture.write(tone);
      WaveringToneFixture.write(wavering);
      TONE = ParakeetRecognizer.load(RecognizerConfig.of(tone).withIntraOpThreads(1));
      WAVERING = ParakeetRecognizer.load(RecognizerConfig.of(wavering).withIntraOpThreads(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 12)
  void batchedRowsDecodeAsTheyDoAlone(
      @ForAll long seed,
      @ForAll boolean wavering,
      @ForAll @IntRange(min = 1, max = 6) int rowCount) {
    ParakeetRecognizer recognizer = wavering ? WAVERING : TONE;
    Random random = new Random(seed);
    float[] audio = LANGUAGE.synthesize(script(random));
    List<float[]> windows = new ArrayList<>();
    for (int r = 0; r < rowCount; r++) {
      int start = random.nextInt(60) * SAMPLES_PER_FRAME;
      int length = 32_000 + random.nextInt(64_000);
      windows.add(Arrays.copyOfRange(audio, start, Math.min(audio.length, start + length)));
    }
    List<EncodedAudio> encoded = recognizer.encodeBatch(windows);
    List<DecodeRequest> requests = new ArrayList<>();
    List<DecoderState> carried = new ArrayList<>();
    for (EncodedAudio e : encoded) {
      int from = random.nextInt(e.length() / 2 + 1);
      int to = from + random.nextInt(e.length() - from + 1);
      // the state a chunked stream carries into this range: its own window's earlier frames
      DecoderState own = recognizer.decode(e, 0, from, DecoderState.initial()).state();
      carried.add(own);
      DecoderState state =
          switch (random.nextInt(3)) {
            case 0 -> DecoderState.initial();
            case 1 -> own;
            default -> carried.get(random.nextInt(carried.size())); // another stream's state
          };
      requests.add(new DecodeRequest(e, from, to, state));
    }

    List<DecodeResult> batched = recognizer.decodeBatch(requests);

    List<String> alone = new ArrayList<>();
    for (DecodeRequest r : requests) {
      alone.add(describe(recognizer.decode(r.audio(), r.fromFrame(), r.toFrame(), r.state())));
    }
    assertEquals(alone, batched.stream().map(BatchedDecodingPropertyTest::describe).toList());
  }

  @Test
  void aBatchOfWindowsGivesEachWindowItsOwnWords() {
    List<List<ScheduledWord>> sentences =
        List.of(
            TONE_LANGUAGE.sentence("hello world live captions", 0.4, 0.32, 0.16),
            TONE_LANGUAGE.sentence("no words from every stream", 0.8, 0.24, 0.24),
            TONE_LANGUAGE.sentence("captions for", 1.2, 0.16, 0.4));
    double[] seconds = {4.0, 5.6, 3.2};
    List<float[]> windows = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      windows.add(TONE_LANGUAGE.synthesize(sentences.get(i), seconds[i]));
    }
    List<EncodedAudio> encoded = TONE.encodeBatch(windows);
    List<DecodeRequest> requests =
        encoded.stream()
            .map(e -> new DecodeRequest(e, 0, e.length(), DecoderState.initial()))
            .toList();

    List<DecodeResult> results = TONE.decodeBatch(requests);

    for (int i = 0; i < sentences.size(); i++) {
      assertEquals(
          words(TONE_LANGUAGE.expectedWords(sentences.get(i))),
          words(Transcript.of(results.get(i).tokens()).words()),
          "window " + i);
    }
  }

  @Test
  void theFixtureDecodersTakeABatch() {
    assertEquals(
        List.of(true, true), List.of(TONE.decodesInBatches(), WAVERING.decodesInBatches()));
  }

  private static List<String> words(List<TimedWord> words) {
    return words.stream()
        .map(w -> String.format("%s@%.2f-%.2f", w.text(), w.startSeconds(), w.endSeconds()))
        .toList();
  }

  /** Everything a decode returns, states by value. */
  private static String describe(DecodeResult r) {
    DecoderState s = r.state();
    return r.tokens()
        + " next="
        + r.nextFrame()
        + " last="
        + s.lastToken()
        + " fresh="
        + s.fresh()
        + " s1="
        + Arrays.hashCode(s.state1())
        + "/"
        + (s.state1() == null ? -1 : s.state1().length)
        + " s2="
        + Arrays.hashCode(s.state2());
  }

  /** Words, hums (10 tokens on a frame) and noise bursts over 12 s, ≥ 2 frames apart. */
  private static WaveringScript script(Random random) {
    List<ScheduledWord> words = new ArrayList<>();
    List<Burst> noise = new ArrayList<>();
    List<Burst> hums = new ArrayList<>();
    List<ToneLanguage.ToneWord> vocabulary = LANGUAGE.words();
    int frame = 2 + random.nextInt(4);
    int last = (int) Math.round(SECONDS / ToneLanguage.FRAME_SECONDS) - 8;
    String previous = "";
    while (true) {
      int kind = random.nextInt(10);
      int length = 2 + random.nextInt(3);
      if (frame + length > last) {
        break;
      }
      Burst burst = new Burst(WaveringScript.seconds(frame), WaveringScript.seconds(length));
      if (kind == 0) {
        noise.add(burst);
      } else if (kind == 1) {
        hums.add(burst);
      } else {
        String word = vocabulary.get(random.nextInt(vocabulary.size())).text();
        if (!word.equals(previous)) {
          words.add(new ScheduledWord(word, burst.startSeconds(), burst.durationSeconds()));
          previous = word;
        }
      }
      frame += length + WaveringScript.MIN_GAP_FRAMES + random.nextInt(5);
    }
    return new WaveringScript(words, noise, hums, SECONDS);
  }
}
