package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.TimedWord;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code enhance --session ID} (the enhancement job's entry; {@code captionflow enhance} runs the
 * same {@link RunToEnhance}) against real topics where the live job's end status names no audio
 * range: the run is found by scanning, enhanced on a local MiniCluster, the summary compares it
 * with the live finals, and a second enhancement finds the range its ENHANCED status remembered.
 */
class RunToEnhanceITCase {

  record Result(int exit, String out, String err) {}

  static Result enhance(RecordedTopics t, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new EnhancementJob.InCluster());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all =
        new ArrayList<>(
            List.of(
                "--bootstrap",
                t.bootstrap(),
                "--topic-prefix",
                t.topics.audio().substring(0, t.topics.audio().indexOf("captionflow.")),
                "--model",
                FixtureAudio.modelDir().toString(),
                "--attempts",
                "1"));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  /** A segment's identity without its emit time. */
  static List<String> texts(List<EnhancedSegment> segments) {
    return segments.stream()
        .map(s -> EnhancedSegment.newBuilder(s).setEmitTimeMillis(0).build().toString())
        .toList();
  }

  @Test
  void aScannedRunIsEnhancedSummarizedAndItsRangeRemembered() throws Exception {
    try (RecordedTopics t = new RecordedTopics()) {
      // run 0 asked for speakers; run 1, the one enhanced, did not, and lost a chunk on its way
      t.start("talk", false, true);
      t.record("talk", SpeakerToneAudio.audio(), Set.of());
      t.status("talk", 0, SessionState.ENDED, 6.0, false, null);
      t.start("talk", true, false);
      Set<Integer> missing = Set.of(31);
      RunRange range = t.record("talk", FixtureAudio.audio(), missing);
      List<String> enhanced;
      try (ParakeetRecognizer r = FixtureAudio.loadRecognizer()) {
        enhanced =
            LongFormTranscriber.transcribe(r, RunRecordings.exported(FixtureAudio.audio(), missing))
                .words()
                .stream()
                .map(TimedWord::text)
                .toList();
      }
      // the live subtitles: one word heard differently, one missed, one too many
      List<String> live = new ArrayList<>(enhanced);
      live.set(0, "yellow");
      live.remove(live.size() - 1);
      live.add(3, "um");
      t.liveFinal("talk", 1, 0.4, live.subList(0, 5));
      t.liveFinal("talk", 1, 6.0, live.subList(5, live.size()));
      t.status("talk", 1, SessionState.ENDED, 12.0, true, null);

      Result first = enhance(t, "--session", "talk", "--json");

      assertEquals(0, first.exit(), first.err());
      JsonNode summary = new ObjectMapper().readTree(first.out());
      assertEquals("talk", summary.get("sessionId").asText());
      assertEquals(1, summary.get("run").asLong());
      assertEquals(enhanced.size(), summary.get("words").asInt());
      assertEquals(4, summary.get("segments").asInt());
      assertEquals(12.0, summary.get("audioSeconds").asDouble());
      assertEquals(1, summary.get("attempts").asInt());
      JsonNode versus = summary.get("liveVsEnhanced");
      assertEquals(live.size(), versus.get("liveWords").asInt());
      assertEquals(enhanced.size(), versus.get("enhancedWords").asInt());
      assertEquals(1, versus.get("substitutions").asInt());
      assertEquals(1, versus.get("insertions").asInt());
      assertEquals(1, versus.get("deletions").asInt());
      String scanned = "a scan of " + t.topics.audio() + ": recorded run 2 of 2";
      assertTrue(
          first
              .err()
              .contains(
                  "session talk run 1: audio in "
                      + t.topics.audio()
                      + " partition "
                      + range.partition()
                      + " offsets "
                      + range.firstOffset()
                      + ".."
                      + range.lastOffset()
                      + " ("
                      + scanned
                      + ")\n"),
          first.err());
      assertTrue(
          first
              .err()
              .contains(
                  "session talk run 1: no speakers, language the model's default, segments also"
                      + " closed at punctuation (from the START event of talk)\n"),
          first.err());

      SessionLedger ledger = t.ledger("talk");
      SessionStatus status = ledger.lastEnhanced(1).orElseThrow();
      assertEquals(
          range.partition() + ":" + range.firstOffset() + ".." + range.lastOffset(),
          status.getAudioPartition()
              + ":"
              + status.getFirstAudioOffset()
              + ".."
              + status.getLastAudioOffset());
      assertEquals(true, status.getEnhanceOnEnd());
      List<EnhancedSegment> transcript = ledger.enhancedTranscript(1);
      assertEquals(
          enhanced,
          transcript.stream().flatMap(s -> s.getWords().stream()).map(w -> w.getText()).toList());

      Result again = enhance(t, "--session", "talk", "--run", "1");

      assertEquals(0, again.exit(), again.err());
      assertTrue(again.err().contains("(remembered by an earlier ENHANCED status)\n"), again.err());
      assertTrue(
          again
              .out()
              .matches(
                  "session talk run 1 enhanced: "
                      + enhanced.size()
                      + " words in 4 segments, 12\\.0 s of audio, [0-9.]+ s wall \\([0-9.]+x real"
                      + " time\\); live vs enhanced: "
                      + live.size()
                      + " live words, 1 substituted, 1 inserted, 1 deleted \\([0-9.]+ % of the"
                      + " enhanced words\\)\n"),
          again.out());
      // the same sequences again: the latest per sequence is the same transcript
      assertEquals(texts(transcript), texts(t.ledger("talk").enhancedTranscript(1)));

      Result notEnded = enhance(t, "--session", "talk", "--run", "2");
      assertEquals(1, notEnded.exit());
      assertEquals(
          "error: run 2 of session 'talk' has not ended: no ENDED or EXPIRED status on "
              + t.topics.segments()
              + " (its newest ended run is 1)\n",
          notEnded.err().substring(notEnded.err().indexOf("error:")));
    }
  }
}
