package io.captionflow.job.enhance;

import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.EnhancedSegment;
import io.captionflow.schema.SessionState;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.SubtitleSegment;
import io.captionflow.schema.TranscriptEvent;
import io.captionflow.schema.UndecodableRecordException;
import io.captionflow.schema.Word;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A session's history on the segments topic, in topic order: which runs ended (and where their
 * audio lies, when the live job said so), which were enhanced, the live final words and the
 * enhanced transcript of each run.
 */
public final class SessionLedger {

  /** One event with the time the topic stamped it. */
  record Stamped(TranscriptEvent event, long timestamp) {}

  private final String sessionId;
  private final List<Stamped> events;

  SessionLedger(String sessionId, List<Stamped> events) {
    this.sessionId = sessionId;
    this.events = List.copyOf(events);
  }

  /** Reads the session's events from {@code segmentsTopic} (undecodable records are skipped). */
  static SessionLedger read(
      String bootstrapServers, String segmentsTopic, String sessionId, Duration timeout) {
    AvroCodec<TranscriptEvent> codec = AvroCodec.transcriptEvent();
    List<Stamped> events = new ArrayList<>();
    new SessionPartitionReader(bootstrapServers, timeout)
        .read(
            segmentsTopic,
            sessionId,
            r -> {
              try {
                TranscriptEvent e = codec.decode(r.value());
                if (sessionId.equals(e.getSessionId())) {
                  events.add(new Stamped(e, r.timestamp()));
                }
              } catch (UndecodableRecordException e) {
                // another writer's record: not ours to judge here (the sink dead-letters it)
              }
            });
    return new SessionLedger(sessionId, events);
  }

  public String sessionId() {
    return sessionId;
  }

  /**
   * The run's end as the live job wrote it: its last ENDED or EXPIRED status (a re-delivery repeats
   * it), with the time the topic stamped it.
   */
  public Optional<Stamped> end(long run) {
    Stamped last = null;
    for (Stamped s : events) {
      if (s.event().getRun() == run && isEnd(s.event())) {
        last = s;
      }
    }
    return Optional.ofNullable(last);
  }

  static boolean isEnd(TranscriptEvent e) {
    return e.getEvent() instanceof SessionStatus s
        && (s.getState() == SessionState.ENDED || s.getState() == SessionState.EXPIRED);
  }

  /** The newest run that ended. */
  public OptionalLong newestEndedRun() {
    return events.stream().filter(s -> isEnd(s.event())).mapToLong(s -> s.event().getRun()).max();
  }

  /** The run's last ENHANCED status. */
  public Optional<SessionStatus> lastEnhanced(long run) {
    SessionStatus last = null;
    for (Stamped s : events) {
      if (s.event().getRun() == run
          && s.event().getEvent() instanceof SessionStatus st
          && st.getState() == SessionState.ENHANCED) {
        last = st;
      }
    }
    return Optional.ofNullable(last);
  }

  /** Where the run's audio lies, if the live job's end status or an earlier ENHANCED said so. */
  public Optional<RunRange> knownRange(long run) {
    Optional<RunRange> fromEnd =
        end(run)
            .flatMap(
                s -> {
                  SessionStatus status = (SessionStatus) s.event().getEvent();
                  return range(status, "the run's " + status.getState() + " status");
                });
    return fromEnd.or(
        () -> lastEnhanced(run).flatMap(s -> range(s, "remembered by an earlier ENHANCED status")));
  }

  private static Optional<RunRange> range(SessionStatus s, String foundBy) {
    if (s.getAudioPartition() == null
        || s.getFirstAudioOffset() == null
        || s.getLastAudioOffset() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RunRange(
            s.getAudioPartition(), s.getFirstAudioOffset(), s.getLastAudioOffset(), foundBy));
  }

  /**
   * The live final words of the run in audio order: final segments, one per segment id (a
   * re-delivered segment repeats its id), ordered by start.
   */
  public List<String> liveFinalWords(long run) {
    Map<String, SubtitleSegment> byId = new LinkedHashMap<>();
    for (Stamped s : events) {
      if (s.event().getRun() == run
          && s.event().getEvent() instanceof SubtitleSegment seg
          && seg.getIsFinal()) {
        byId.put(seg.getSegmentId(), seg);
      }
    }
    return byId.values().stream()
        .sorted(Comparator.comparingDouble(SubtitleSegment::getStartSeconds))
        .flatMap(seg -> seg.getWords().stream())
        .map(Word::getText)
        .toList();
  }

  /**
   * The run's enhanced transcript as the last complete enhancement left it: the segments written
   * after the previous ENHANCED status and up to the last one, the latest per sequence (a retried
   * attempt writes the same sequences again). Empty when the run was never enhanced.
   */
  public List<EnhancedSegment> enhancedTranscript(long run) {
    TreeMap<Long, EnhancedSegment> attempt = new TreeMap<>();
    TreeMap<Long, EnhancedSegment> complete = new TreeMap<>();
    for (Stamped s : events) {
      if (s.event().getRun() != run) {
        continue;
      }
      if (s.event().getEvent() instanceof EnhancedSegment seg) {
        attempt.put(seg.getSequence(), seg);
      } else if (s.event().getEvent() instanceof SessionStatus st
          && st.getState() == SessionState.ENHANCED) {
        complete = attempt;
        attempt = new TreeMap<>();
      }
    }
    return List.copyOf(complete.values());
  }
}
