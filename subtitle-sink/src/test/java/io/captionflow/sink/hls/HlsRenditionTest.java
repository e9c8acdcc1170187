package io.captionflow.sink.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.sink.session.Caption;
import io.captionflow.sink.session.SubtitleTimeline;
import io.captionflow.sink.session.SubtitleTimeline.CaptureClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsRenditionTest {

  /** 2026-01-01T00:00:00Z. */
  private static final long NEW_YEAR_MILLIS = 1_767_225_600_000L;

  private static final HlsSettings SETTINGS =
      new HlsSettings(4, 3, Duration.ofSeconds(3), 10.0, true);

  /** A caption of run 0, one word per space-separated token, spread evenly over its time. */
  static Caption caption(String text, double start, double end) {
    String[] tokens = text.split(" ");
    double step = (end - start) / tokens.length;
    List<Caption.CaptionWord> words =
        java.util.stream.IntStream.range(0, tokens.length)
            .mapToObj(
                i ->
                    new Caption.CaptionWord(
                        tokens[i],
                        start + i * step,
                        i == tokens.length - 1 ? end : start + (i + 1) * step,
                        0.9f,
                        null))
            .toList();
    return new Caption(
        "s",
        0,
        "s/0/" + Math.round(start * 1000),
        0,
        true,
        text,
        words,
        null,
        false,
        start,
        end,
        "en",
        null,
        0);
  }

  private static final List<Caption> CAPTIONS =
      List.of(
          caption("good evening", 0.5, 2.0),
          caption("and welcome", 3.5, 4.5),
          caption("to the news", 9.0, 13.0));

  /** Live, confirmed through 13.0 s; audio 13.0 s was captured at 00:00:13 on new year's day. */
  private static SubtitleTimeline live(List<Caption> captions, double confirmedThrough) {
    return new SubtitleTimeline(
        0,
        false,
        null,
        captions,
        confirmedThrough,
        null,
        null,
        0,
        new CaptureClock(13.0, NEW_YEAR_MILLIS + 13_000));
  }

  @Test
  void livePlaylistListsTheSegmentsWhoseCuesAreAllFinal() {
    SubtitleTimeline timeline = live(CAPTIONS, 13.0);
    HlsWindow window = HlsWindow.of(timeline, SETTINGS, 0);
    assertEquals(
        List.of(
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:4",
            "#EXT-X-MEDIA-SEQUENCE:0",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z",
            "#EXTINF:4.000,",
            "hls/0/0.vtt?token=a%2Bb",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:04.000Z",
            "#EXTINF:4.000,",
            "hls/0/1.vtt?token=a%2Bb",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:08.000Z",
            "#EXTINF:4.000,",
            "hls/0/2.vtt?token=a%2Bb"),
        HlsRendition.playlist(window, timeline, SETTINGS, "?token=a%2Bb").lines().toList());
  }

  @Test
  void segmentsCarryTheTimestampMapAndEveryCueShownDuringThem() {
    SubtitleTimeline timeline = live(CAPTIONS, 13.0);
    HlsWindow window = HlsWindow.of(timeline, SETTINGS, 0);
    assertEquals(
        "WEBVTT\n"
            + "X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
            + "0:2000\n00:00:00.500 --> 00:00:02.000\ngood evening\n\n"
            + "0:4500\n00:00:03.500 --> 00:00:04.500\nand welcome\n\n",
        HlsRendition.segment(window, timeline, SETTINGS, 0));
    assertEquals(
        "WEBVTT\n"
            + "X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
            + "0:4500\n00:00:03.500 --> 00:00:04.500\nand welcome\n\n",
        HlsRendition.segment(window, timeline, SETTINGS, 1));
    assertEquals(
        "WEBVTT\n"
            + "X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
            + "0:13000\n00:00:09.000 --> 00:00:13.000\nto the news\n\n",
        HlsRendition.segment(window, timeline, SETTINGS, 2));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> HlsRendition.segment(window, timeline, SETTINGS, 3));
    assertEquals("segment 3 is not published (0..2)", e.getMessage());
  }

  @Test
  void theWindowSlidesAndTheMediaSequenceFollowsIt() {
    List<Caption> captions =
        List.of(caption("good evening", 0.5, 2.0), caption("at last", 29.0, 30.16));
    SubtitleTimeline timeline = live(captions, 30.16);
    HlsWindow window = HlsWindow.of(timeline, SETTINGS, 0);
    assertEquals(
        List.of(
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:4",
            "#EXT-X-MEDIA-SEQUENCE:4",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:16.000Z",
            "#EXTINF:4.000,",
            "hls/0/4.vtt",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:20.000Z",
            "#EXTINF:4.000,",
            "hls/0/5.vtt",
            "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:24.000Z",
            "#EXTINF:4.000,",
            "hls/0/6.vtt"),
        HlsRendition.playlist(window, timeline, SETTINGS, "").lines().toList());
    assertEquals(
        "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n",
        HlsRendition.segment(window, timeline, SETTINGS, 4));
  }

  @Test
  void anEndedRunListsEverySegmentThroughItsEndShorterLastAndEndlist() {
    SubtitleTimeline timeline =
        new SubtitleTimeline(1, true, 13.5, CAPTIONS, 13.0, null, null, 0, null);
    HlsSettings noOffset = new HlsSettings(4, 15, Duration.ofSeconds(3), 0, true);
    HlsWindow window = HlsWindow.of(timeline, noOffset, 0);
    assertEquals(
        List.of(
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:4",
            "#EXT-X-MEDIA-SEQUENCE:0",
            "#EXTINF:4.000,",
            "hls/1/0.vtt",
            "#EXTINF:4.000,",
            "hls/1/1.vtt",
            "#EXTINF:4.000,",
            "hls/1/2.vtt",
            "#EXTINF:1.500,",
            "hls/1/3.vtt",
            "#EXT-X-ENDLIST"),
        HlsRendition.playlist(window, timeline, noOffset, "").lines().toList());
    assertEquals(
        "WEBVTT\n"
            + "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n"
            + "0:13000\n00:00:09.000 --> 00:00:13.000\nto the news\n\n",
        HlsRendition.segment(window, timeline, noOffset, 3));
  }

  @Test
  void programDateTimeIsLeftOutWhenSwitchedOff() {
    SubtitleTimeline timeline = live(CAPTIONS, 5.0);
    HlsSettings off = new HlsSettings(4, 3, Duration.ofSeconds(3), 10.0, false);
    assertEquals(
        List.of(
            "#EXTM3U",
            "#EXT-X-VERSION:3",
            "#EXT-X-TARGETDURATION:4",
            "#EXT-X-MEDIA-SEQUENCE:0",
            "#EXTINF:4.000,",
            "hls/0/0.vtt"),
        HlsRendition.playlist(HlsWindow.of(timeline, off, 0), timeline, off, "").lines().toList());
  }
}
