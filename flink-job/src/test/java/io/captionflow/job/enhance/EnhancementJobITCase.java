package io.captionflow.job.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.job.JobConfig;
import io.captionflow.job.fixture.FixtureAudio;
import io.captionflow.job.fixture.SpeakerToneAudio;
import io.captionflow.job.inference.ModelSpec;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The enhancement job in batch mode on a MiniCluster, fed an audio-topic range from memory: the
 * enhanced transcript is exactly the offline long-form transcript of the run's exported audio (gaps
 * as silence), diarized runs carry the fixture's speakers, other sessions' records in the range are
 * skipped, and the ENHANCED status follows the segments.
 */
class EnhancementJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .setConfiguration(new Configuration())
              .build());

  static final String AUDIO = "captionflow.audio";

  static JobConfig config(String sortformer) {
    return JobConfig.fromEnvironment(Map.of())
        .withModels(
            new ModelSpec(
                    FixtureAudio.modelDir().toString(), "cpu", "fp32", 1, null, ModelSpec.PARAKEET)
                .withSortformerModel(sortformer));
  }

  static List<TranscriptEvent> enhance(
      JobConfig config, EnhancementRequest request, List<InMemoryRecords.Stored> records)
      throws Exception {
    CollectingSink sink = new CollectingSink(request.sessionId() + "/" + request.run());
    new EnhancementJob(config, request, InMemoryRecords.source(records), sink)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
    return sink.events();
  }

  static String word(Word w) {
    return String.format(
        Locale.ROOT,
        "%s@%.2f-%.2f/%s",
        w.getText(),
        w.getStartSeconds(),
        w.getEndSeconds(),
        w.getSpeaker());
  }

  static List<EnhancedSegment> segments(List<TranscriptEvent> events) {
    return events.stream()
        .filter(e -> e.getEvent() instanceof EnhancedSegment)
        .map(e -> (EnhancedSegment) e.getEvent())
        .toList();
  }

  @Test
  void aRunWithAMissingChunkIsTheLongFormTranscriptOfItsExportedAudio() throws Exception {
    float[] audio = FixtureAudio.audio();
    Set<Integer> missing = Set.of(4); // 0.4-0.5 s: the start of the first "hello"
    // another session's chunks interleaved in the same partition, as on the topic
    List<InMemoryRecords.Stored> mine = RunRecordings.records(AUDIO, "talk", audio, missing, 0);
    List<InMemoryRecords.Stored> others =
        RunRecordings.records(AUDIO, "other", SpeakerToneAudio.audio(), Set.of(), 0);
    List<InMemoryRecords.Stored> range = new ArrayList<>();
    for (int i = 0; i < mine.size(); i++) {
      range.add(withOffset(mine.get(i), range.size()));
      if (i < others.size()) {
        range.add(withOffset(others.get(i), range.size()));
      }
    }
    EnhancementRequest request =
        new EnhancementRequest(
            "talk",
            3,
            new RunRange(0, 0, range.size() - 1, "the test"),
            RunSettings.defaults("no START"),
            true);

    List<TranscriptEvent> events = enhance(config(null), request, range);

    List<String> expected;
    try (ParakeetRecognizer recognizer = FixtureAudio.loadRecognizer()) {
      expected =
          LongFormTranscriber.transcribe(recognizer, RunRecordings.exported(audio, missing))
              .words()
              .stream()
              .map(w -> FixtureAudio.format(w.text(), w.startSeconds(), w.endSeconds()) + "/null")
              .toList();
    }
    List<EnhancedSegment> segments = segments(events);
    assertEquals(
        expected,
        segments.stream()
            .flatMap(s -> s.getWords().stream())
            .map(EnhancementJobITCase::word)
            .toList());
    // the gap changed what was heard: the enhancement decoded the audio with the gap in it
    assertNotEquals(
        FixtureAudio.expectedWordTimes(),
        expected.stream().map(w -> w.replace("/null", "")).toList());
    assertEquals(
        List.of(0L, 1L, 2L, 3L), segments.stream().map(EnhancedSegment::getSequence).toList());
    events.forEach(e -> assertEquals(3L, e.getRun()));
    events.forEach(e -> assertEquals("talk", e.getSessionId()));

    TranscriptEvent last = events.get(events.size() - 1);
    SessionStatus status = (SessionStatus) last.getEvent();
    assertEquals(segments.size() + 1, events.size());
    assertEquals(SessionState.ENHANCED, status.getState());
    assertEquals(12.0, status.getAtSeconds());
    assertEquals(0, status.getAudioPartition());
    assertEquals(0L, status.getFirstAudioOffset());
    assertEquals((long) range.size() - 1, status.getLastAudioOffset());
    assertEquals(true, status.getEnhanceOnEnd());
    int words = expected.size();
    assertEquals(
        words
            + " words in 4 segments; 12.00 s of audio from 119 chunks, 1 gap (1 chunk) filled with"
            + " silence; audio partition 0 offsets 0.."
            + (range.size() - 1)
            + " (the test)",
        status.getReason());
  }

  @Test
  void aDiarizedRunCarriesEachWordsSpeaker() throws Exception {
    float[] audio = SpeakerToneAudio.audio();
    List<InMemoryRecords.Stored> range = RunRecordings.records(AUDIO, "duo", audio, Set.of(), 0);
    EnhancementRequest request =
        new EnhancementRequest(
            "duo",
            0,
            new RunRange(0, 0, range.size() - 1, "the test"),
            new RunSettings(null, true, true, 2, "test"),
            false);

    List<TranscriptEvent> events =
        enhance(config(SpeakerToneAudio.sortformerModel().toString()), request, range);

    List<EnhancedSegment> segments = segments(events);
    assertEquals(
        SpeakerToneAudio.EXPECTED_WORDS.stream().map(w -> w.replace("*", "")).toList(),
        segments.stream()
            .flatMap(s -> s.getWords().stream())
            .map(EnhancementJobITCase::word)
            .toList());
    assertEquals(
        SpeakerToneAudio.EXPECTED_SEGMENTS,
        segments.stream()
            .map(s -> s.getSpeaker() + (s.getSpeakerOverlap() ? "*" : "") + ": " + s.getText())
            .toList());
    assertEquals(
        "8 words in 3 segments, 2 speakers; 6.00 s of audio from 60 chunks, no gap filled with"
            + " silence; audio partition 0 offsets 0..59 (the test)",
        ((SessionStatus) events.get(events.size() - 1).getEvent()).getReason());
  }

  static InMemoryRecords.Stored withOffset(InMemoryRecords.Stored s, long offset) {
    return new InMemoryRecords.Stored(s.topic(), s.partition(), offset, s.key(), s.value());
  }
}
