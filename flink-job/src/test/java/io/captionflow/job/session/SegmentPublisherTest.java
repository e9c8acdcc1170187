package io.captionflow.job.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captionflow.job.confirmation.ConfirmedWord;
import io.captionflow.job.confirmation.TokenConfirmer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPublisherTest {

  final ConfirmedWord hello = new ConfirmedWord("hello", 0.1, 0.4, 0.9f);
  final ConfirmedWord world = new ConfirmedWord("world", 0.5, 0.9, 0.9f);
  final ConfirmedWord word = new ConfirmedWord("word", 0.5, 0.9, 0.9f);

  static TokenConfirmer.Decision decision(
      List<ConfirmedWord> confirmed, List<ConfirmedWord> pending) {
    return new TokenConfirmer.Decision(confirmed, pending, List.of(), 0, 0, 0);
  }

  SegmentPublisher publisher(boolean partials) {
    CaptureTimes captureTimes = new CaptureTimes();
    captureTimes.add(8_000, 5_000); // 0.0-0.5 s
    captureTimes.add(16_000, 5_500); // 0.5-1.0 s
    return SegmentPublisher.starting(
        partials, SessionSettings.of(LatencyMode.SPEEDY), captureTimes, SpeakerAttribution.none());
  }

  @Test
  void confirmedWordsGoOutAtOnceThenTheOpenSegmentAsAPartial() {
    SegmentPublisher publisher = publisher(true);
    RecordingOutput out = new RecordingOutput();
    publisher.publish(decision(List.of(hello), List.of(world)), 16_000, out);
    assertEquals(List.of(hello), out.confirmedWords);
    assertEquals(List.of("words 0: hello"), out.finalOrder);
    assertEquals(1, out.segments.size());
    RecordingOutput.Emitted partial = out.segments.get(0);
    assertEquals("hello world", partial.segment().text());
    assertEquals(false, partial.isFinal());
    assertEquals(1, partial.revision());
    assertEquals(1.0, partial.audioNow());
    // the words' capture time is the chunk holding hello's end; the partial's, world's end
    assertEquals(List.of(5_000L, 5_500L), out.captureTimes);
  }

  @Test
  void aPartialIsRevisedOnlyWhenItsTextChanges() {
    SegmentPublisher publisher = publisher(true);
    RecordingOutput out = new RecordingOutput();
    publisher.publish(decision(List.of(hello), List.of(world)), 16_000, out);
    publisher.publish(decision(List.of(), List.of(world)), 16_000, out);
    publisher.publish(decision(List.of(), List.of(word)), 16_000, out);
    assertEquals(
        List.of("hello world", "hello word"),
        out.segments.stream().map(e -> e.segment().text()).toList());
    assertEquals(List.of(1, 2), out.segments.stream().map(e -> e.revision()).toList());
  }

  @Test
  void closingTheOpenSegmentSendsItFinalWithoutPartialsWhenNoneAreWanted() {
    SegmentPublisher publisher = publisher(false);
    RecordingOutput out = new RecordingOutput();
    publisher.publish(decision(List.of(hello), List.of(world)), 16_000, out);
    assertEquals(List.of(), out.segments);
    publisher.addFinalWords(List.of(world), 1.0, out);
    publisher.closeOpenSegment(1.0, out);
    assertEquals(
        List.of("words 0: hello", "words 0: world", "segment 0: hello world"), out.finalOrder);
    assertEquals(0, out.segments.get(0).revision());
  }
}
