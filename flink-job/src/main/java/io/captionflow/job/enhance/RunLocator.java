package io.captionflow.job.enhance;

import io.captionflow.schema.AudioChunk;
import io.captionflow.schema.AvroCodec;
import io.captionflow.schema.SessionEvent;
import io.captionflow.schema.SessionStatus;
import io.captionflow.schema.Topics;
import io.captionflow.schema.UndecodableRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds what an enhancement of a run needs on the topics: that the run ended (its ENDED or EXPIRED
 * status on the segments topic), where its audio lies, and the settings it started with.
 *
 * <p>The range comes from the run's end status when the live job wrote it there, else from an
 * earlier ENHANCED status of the run (which names the range it read), else from a scan of the
 * session's audio-topic partition: recorded runs are told apart by the chunk sequence restarting at
 * 0 ({@link RecordedRuns}), and run N is the newest recorded run that started before run N's end
 * status was written and whose audio is as long as that status says (within {@link
 * #LENGTH_TOLERANCE_SECONDS}); failing the length, the newest that started before. The range found
 * that way is remembered in the ENHANCED status the enhancement writes.
 */
public final class RunLocator {

  /** How far a recorded run's length may be from the end status's audio time to match it. */
  static final double LENGTH_TOLERANCE_SECONDS = 0.5;

  private final String bootstrapServers;
  private final Topics topics;
  private final Duration timeout;

  public RunLocator(String bootstrapServers, Topics topics, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.timeout = timeout;
  }

  /** {@code run} empty: the session's newest run that ended. */
  public EnhancementRequest locate(String sessionId, OptionalLong run) {
    SessionLedger ledger =
        SessionLedger.read(bootstrapServers, topics.segments(), sessionId, timeout);
    long n =
        run.isPresent()
            ? run.getAsLong()
            : ledger
                .newestEndedRun()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "session '"
                                + sessionId
                                + "' has no ended run on "
                                + topics.segments()
                                + ": an enhancement follows the live session's ENDED or EXPIRED"
                                + " status"));
    SessionLedger.Stamped end =
        ledger
            .end(n)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "run "
                            + n
                            + " of session '"
                            + sessionId
                            + "' has not ended: no ENDED or EXPIRED status on "
                            + topics.segments()
                            + (ledger.newestEndedRun().isPresent()
                                ? " (its newest ended run is "
                                    + ledger.newestEndedRun().getAsLong()
                                    + ")"
                                : "")));
    SessionStatus endStatus = (SessionStatus) end.event().getEvent();
    SessionPartitionReader reader = new SessionPartitionReader(bootstrapServers, timeout);
    Optional<RunRange> known = ledger.knownRange(n);
    RunRange range;
    long firstChunkTimestamp;
    if (known.isPresent()) {
      range = known.get();
      firstChunkTimestamp =
          reader.recordAt(topics.audio(), range.partition(), range.firstOffset()).timestamp();
    } else {
      List<RecordedRun> recorded = scanAudio(reader, sessionId);
      RecordedRun match =
          match(recorded, end.timestamp(), endStatus.getAtSeconds())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no recording of run "
                              + n
                              + " of session '"
                              + sessionId
                              + "' in "
                              + topics.audio()
                              + " ("
                              + recorded.size()
                              + " recorded runs, none started before the run ended; expired by"
                              + " retention?)"));
      range =
          match.range(
              "a scan of "
                  + topics.audio()
                  + ": recorded run "
                  + (recorded.indexOf(match) + 1)
                  + " of "
                  + recorded.size());
      firstChunkTimestamp = match.firstTimestamp();
    }
    RunStarts starts = new RunStarts();
    AvroCodec<SessionEvent> events = AvroCodec.sessionEvent();
    reader.read(
        topics.sessionEvents(),
        sessionId,
        r -> {
          try {
            starts.add(r.timestamp(), events.decode(r.value()));
          } catch (UndecodableRecordException e) {
            // the live job dead-lettered it: it started nothing
          }
        });
    return new EnhancementRequest(
        sessionId, n, range, starts.settingsFor(firstChunkTimestamp), endStatus.getEnhanceOnEnd());
  }

  private List<RecordedRun> scanAudio(SessionPartitionReader reader, String sessionId) {
    AvroCodec<AudioChunk> codec = AvroCodec.audioChunk();
    RecordedRuns runs = new RecordedRuns();
    reader.read(
        topics.audio(),
        sessionId,
        r -> {
          try {
            AudioChunk chunk = codec.decode(r.value());
            if (sessionId.equals(chunk.getSessionId())) {
              runs.add(r.partition(), r.offset(), r.timestamp(), chunk);
            }
          } catch (UndecodableRecordException e) {
            // the live job dead-lettered it: its place is a gap either way
          }
        });
    return runs.runs();
  }

  /**
   * The recorded run that is the job's run ending at {@code endTimestamp} after {@code
   * endAudioSeconds} of audio (see the class comment).
   */
  static Optional<RecordedRun> match(
      List<RecordedRun> recorded, long endTimestamp, double endAudioSeconds) {
    RecordedRun newestBefore = null;
    RecordedRun newestMatching = null;
    for (RecordedRun r : recorded) {
      if (r.firstTimestamp() > endTimestamp) {
        continue;
      }
      newestBefore = r;
      if (Math.abs(r.audioSeconds() - endAudioSeconds) <= LENGTH_TOLERANCE_SECONDS) {
        newestMatching = r;
      }
    }
    return Optional.ofNullable(newestMatching != null ? newestMatching : newestBefore);
  }
}
