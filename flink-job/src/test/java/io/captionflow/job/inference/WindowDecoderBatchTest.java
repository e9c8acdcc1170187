package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.asr.DecoderState;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.WaveringLanguage;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One batched round (one encoder call over padded windows, one greedy loop over all rows) gives
 * each request exactly what it gets decoded alone, on the wavering fixture, whose tokens move with
 * each window's end and read the decoder state.
 */
class WindowDecoderBatchTest {

  static ParakeetRecognizer recognizer;
  static float[] audio;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Files.createTempDirectory("captionflow-batch-decoder");
    WaveringLanguage language = WaveringToneFixture.write(dir);
    recognizer = ParakeetRecognizer.load(RecognizerConfig.of(dir).withIntraOpThreads(1));
    audio = language.synthesize(WaveringToneFixture.sampleScript());
  }

  @AfterAll
  static void close() {
    recognizer.close();
  }

  @Test
  void aBatchedRoundOfWindowsAndChunksEqualsEachDecodedAlone() {
    WindowDecoder decoder = new WindowDecoder(recognizer);
    List<WindowDecoder.Request> requests = new ArrayList<>();
    // full windows ending at every 0.2 s: different lengths, different word distances to the end
    for (int end = 16_000; end <= audio.length; end += 3200) {
      int start = Math.max(0, end - 128_000) / 1280 * 1280;
      requests.add(WindowDecoder.Request.fullWindow(Arrays.copyOfRange(audio, start, end), start));
    }
    // chunks: left context + chunk + right context, continuing the state a chunk left
    DecoderState state = DecoderState.initial();
    int carry = 0;
    for (int chunkStart = 0; chunkStart + 12_800 <= audio.length; chunkStart += 12_800) {
      int windowStart = Math.max(0, chunkStart - 32_000);
      int end = Math.min(audio.length, chunkStart + 12_800 + 32_000);
      int from = (chunkStart - windowStart) / 1280 + carry;
      int to = (chunkStart + 12_800 - windowStart) / 1280;
      WindowDecoder.Request r =
          new WindowDecoder.Request(
              Arrays.copyOfRange(audio, windowStart, end), windowStart, from, to, state);
      requests.add(r);
      WindowDecoder.Result alone = decoder.decode(r);
      state = alone.state();
      carry = Math.max(0, alone.nextFrame() - to);
    }

    List<WindowDecoder.Result> batched = decoder.decodeAll(requests);

    int withTokens = 0;
    for (int i = 0; i < requests.size(); i++) {
      WindowDecoder.Result alone = decoder.decode(requests.get(i));
      WindowDecoder.Result b = batched.get(i);
      assertEquals(alone.tokens(), b.tokens(), "request " + i);
      assertEquals(alone.nextFrame(), b.nextFrame(), "request " + i);
      assertEquals(alone.encodedSamples(), b.encodedSamples(), "request " + i);
      if (alone.state() != null && b.state() != null) {
        assertEquals(alone.state().lastToken(), b.state().lastToken(), "request " + i);
        assertEquals(
            Arrays.toString(alone.state().state1()),
            Arrays.toString(b.state().state1()),
            "request " + i);
      }
      withTokens += alone.tokens().isEmpty() ? 0 : 1;
    }
    assertTrue(
        withTokens >= requests.size() / 2, withTokens + " of " + requests.size() + " hold words");
  }
}
