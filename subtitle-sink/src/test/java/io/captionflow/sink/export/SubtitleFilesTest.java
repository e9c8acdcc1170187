package io.captionflow.sink.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.sink.session.Caption;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleFilesTest {

  /** A caption of run 0 whose one word spans it. */
  private static Caption caption(long seq, String text, Integer speaker, double start, double end) {
    return new Caption(
        "s",
        0,
        "s/0/" + Math.round(start * 1000),
        seq,
        true,
        text,
        List.of(new Caption.CaptionWord(text, start, end, 0.9f, speaker)),
        speaker,
        false,
        start,
        end,
        "en",
        null,
        0);
  }

  private final List<Caption> captions =
      List.of(
          caption(0, "Good evening & welcome", 0, 0.0, 2.5),
          caption(1, "to <the> news\nat nine", 1, 2.5, 3661.0127),
          caption(2, "   ", 1, 3661.1, 3662),
          caption(3, "instant", null, 3700.0004, 3700.0));

  @Test
  void webVttHasHeaderVoiceTagsEscapesAndMillisecondTimes() {
    String vtt = SubtitleFiles.webVtt(captions);
    List<SubtitleFileParser.Cue> cues = SubtitleFileParser.parseVtt(vtt);
    assertEquals(3, cues.size(), vtt);
    assertEquals(
        new SubtitleFileParser.Cue("0:2500", 0, 2500, "<v Speaker 1>Good evening &amp; welcome"),
        cues.get(0));
    assertEquals(
        new SubtitleFileParser.Cue(
            "0:3661013", 2500, 3_661_013, "<v Speaker 2>to &lt;the&gt; news at nine"),
        cues.get(1));
    assertEquals(
        new SubtitleFileParser.Cue("0:3700000", 3_700_000, 3_700_001, "instant"), cues.get(2));
    assertEquals(
        "WEBVTT\n\n0:2500\n00:00:00.000 --> 00:00:02.500\n<v Speaker 1>Good evening &amp; welcome\n\n",
        vtt.substring(0, vtt.indexOf("0:3661013\n00:00:02.500")));
  }

  @Test
  void srtIsNumberedConsecutivelyWithCommaMillis() {
    String srt = SubtitleFiles.srt(captions);
    List<SubtitleFileParser.Cue> cues = SubtitleFileParser.parseSrt(srt);
    assertEquals(
        List.of(
            new SubtitleFileParser.Cue("1", 0, 2500, "Speaker 1: Good evening & welcome"),
            new SubtitleFileParser.Cue("2", 2500, 3_661_013, "Speaker 2: to <the> news at nine"),
            new SubtitleFileParser.Cue("3", 3_700_000, 3_700_001, "instant")),
        cues);
    assertEquals("01:01:01,013", CueTime.srt(3661.0127));
    assertEquals("100:00:00.000", CueTime.vtt(360_000));
  }

  @Test
  void parserRejectsBrokenFiles() {
    assertThrows(
        AssertionError.class,
        () -> SubtitleFileParser.parseVtt("1\n00:00:00.000 --> 00:00:01.000\nx\n\n"));
    assertThrows(
        AssertionError.class,
        () -> SubtitleFileParser.parseVtt("WEBVTT\n\n1\n00:00:02.000 --> 00:00:01.000\nx\n\n"));
    assertThrows(
        AssertionError.class,
        () -> SubtitleFileParser.parseSrt("2\n00:00:00,000 --> 00:00:01,000\nx\n\n"));
    assertThrows(
        AssertionError.class,
        () -> SubtitleFileParser.parseSrt("1\n00:00:00.000 --> 00:00:01.000\nx\n\n"));
  }
}
