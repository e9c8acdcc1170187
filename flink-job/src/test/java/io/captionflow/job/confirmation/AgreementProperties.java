package io.captionflow.job.confirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.job.session.LatencyMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The confirmer's invariants over random sessions decoded by a wavering sliding-window model, in
 * every full-window mode, driven exactly as the session stream drives it (decode points every
 * interval, window start on the frame grid, words leaving the buffer forced, the last window padded
 * with silence and flushed).
 */
class AgreementProperties {

  @Provide
  Arbitrary<LatencyMode> windowModes() {
    return Arbitraries.of(LatencyMode.offline()).filter(m -> m != LatencyMode.CHUNKED);
  }

  @Property(tries = 60)
  void withTheModesAgreementEveryWordIsConfirmedOnceExactlyAsSpoken(
      @ForAll("windowModes") LatencyMode mode,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int words) {
    WaveringDecoder model = WaveringDecoder.speech(seed, words);
    Run run = run(model, mode, mode.agreement());
    assertEquals(texts(model.spokenWords()), texts(run.confirmed));
    for (int i = 0; i < run.confirmed.size(); i++) {
      assertEquals(model.spokenWords().get(i).startSeconds(), run.confirmed.get(i).startSeconds());
      assertEquals(model.spokenWords().get(i).endSeconds(), run.confirmed.get(i).endSeconds());
    }
    assertEquals(0, run.droppedAtEdge);
  }

  @Property(tries = 60)
  void forAnyAgreementConfirmedWordsNeverOverlapRepeatOrSplit(
      @ForAll("windowModes") LatencyMode mode,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 60) int words,
      @ForAll @IntRange(min = 1, max = 3) int agreement) {
    Run run = run(WaveringDecoder.speech(seed, words), mode, agreement);
    double previousEnd = Double.NEGATIVE_INFINITY;
    for (ConfirmedWord w : run.confirmed) {
      assertTrue(
          w.startSeconds() >= previousEnd - 1e-9,
          w + " starts before the previous confirmed word ended at " + previousEnd);
      assertTrue(w.endSeconds() > w.startSeconds(), w + " has no length");
      assertFalse(w.text().startsWith("p"), w + " is a lone later piece of a word");
      previousEnd = w.endSeconds();
    }
  }

  @Property(tries = 30)
  void noiseGivesNoWords(
      @ForAll("windowModes") LatencyMode mode, @ForAll @IntRange(min = 2, max = 40) int seconds) {
    Run run = run(WaveringDecoder.noise(seconds), mode, mode.agreement());
    assertEquals(List.of(), run.confirmed);
  }

  @Property(tries = 20)
  void theTimeRuleAloneConfirmsWhatTheModelDidNotMean(@ForAll long seed) {
    // why agreement exists: over enough speech, time alone lets edge artefacts through
    WaveringDecoder model = WaveringDecoder.speech(seed, 60);
    Run alone = run(model, LatencyMode.PAUSE_BASED, 1);
    Run agreed = run(model, LatencyMode.PAUSE_BASED, 2);
    assertEquals(texts(model.spokenWords()), texts(agreed.confirmed));
    assertTrue(
        !texts(model.spokenWords()).equals(texts(alone.confirmed))
            || !times(model.spokenWords()).equals(times(alone.confirmed)),
        "the time rule alone happened to be exact: the wavering model is too kind");
  }

  @Property(tries = 30)
  void aConfirmerRestoredFromItsStateAtEveryDecodeDecidesTheSame(
      @ForAll("windowModes") LatencyMode mode,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int words) {
    WaveringDecoder model = WaveringDecoder.speech(seed, words);
    assertEquals(run(model, mode, mode.agreement()), run(model, mode, mode.agreement(), true));
  }

  record Run(List<ConfirmedWord> confirmed, int revised, int forcedOut, int droppedAtEdge) {}

  static Run run(WaveringDecoder model, LatencyMode mode, int agreement) {
    return run(model, mode, agreement, false);
  }

  /**
   * Drives a confirmer like {@code SessionStream.decodeWindow}; {@code restoreEachTime}: through
   * its binary state before every decode, as a recovered session would be.
   */
  static Run run(WaveringDecoder model, LatencyMode mode, int agreement, boolean restoreEachTime) {
    TokenConfirmer confirmer = new TokenConfirmer(agreement);
    List<ConfirmedWord> confirmed = new ArrayList<>();
    int revised = 0;
    int forced = 0;
    int dropped = 0;
    double frame = WaveringDecoder.FRAME;
    int index = 0;
    long intervalMs = Math.round(mode.intervalSeconds() * 1000);
    for (long endMs = intervalMs; ; endMs += intervalMs, index++) {
      boolean flush = endMs >= Math.round(model.seconds() * 1000);
      double end = flush ? model.seconds() : endMs / 1000.0;
      double start = Math.max(0, Math.floor((end - mode.bufferSeconds()) / frame + 1e-9) * frame);
      double nextStart =
          Math.floor((end + mode.intervalSeconds() - mode.bufferSeconds()) / frame + 1e-9) * frame;
      List<TimedToken> hypothesis = new ArrayList<>();
      for (TimedToken t : model.decode(start, flush ? end + 0.64 : end, index)) {
        if (t.startSeconds() < end - 1e-9) {
          hypothesis.add(t);
        }
      }
      TokenConfirmer.Window w =
          new TokenConfirmer.Window(
              start,
              end,
              mode.confirmSeconds(),
              mode.pauseDetection() ? model.pauseStart(start, end) : Double.NaN,
              mode.lookahead(),
              nextStart > start ? nextStart + 2 * frame : Double.NEGATIVE_INFINITY,
              flush,
              true);
      if (restoreEachTime) {
        confirmer = roundTrip(confirmer);
      }
      TokenConfirmer.Decision d = confirmer.decide(hypothesis, w);
      confirmed.addAll(d.confirmed());
      revised += d.revised();
      forced += d.forcedOut();
      dropped += d.droppedAtEdge();
      if (flush) {
        return new Run(confirmed, revised, forced, dropped);
      }
    }
  }

  private static TokenConfirmer roundTrip(TokenConfirmer c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      c.write(new DataOutputStream(bytes));
      return TokenConfirmer.read(
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> texts(List<ConfirmedWord> words) {
    return words.stream().map(ConfirmedWord::text).toList();
  }

  static List<String> times(List<ConfirmedWord> words) {
    return words.stream()
        .map(w -> String.format("%.3f-%.3f", w.startSeconds(), w.endSeconds()))
        .toList();
  }
}
