package io.captionflow.sink.session;

/**
 * One line of {@code GET /api/sessions}.
 *
 * @param run the session's current run, null before its first event
 * @param lastSegmentMillis emit time (epoch ms) of the newest confirmed segment, null before the
 *     first
 * @param lastSequence sequence of the newest confirmed segment of the run, -1 before the first
 * @param cursor cursor of the newest confirmed segment of the run, null before the first
 * @param duplicatesDropped repeats, stale partials and events of ended or older runs
 * @param ignoredEvents events the sink cannot use: unknown states, an older run's enhancement,
 *     enhanced segments over the word limit
 * @param enhancement NONE, IN_PROGRESS or COMPLETE: the current run's enhanced transcript
 * @param enhancedErrorRate the live transcript's errors per enhanced word once complete, else null
 */
public record SessionSummary(
    String sessionId,
    String state,
    Long run,
    String language,
    Long lastSegmentMillis,
    long lastSequence,
    String cursor,
    int subscribers,
    int historySegments,
    boolean speaking,
    long duplicatesDropped,
    long ignoredEvents,
    String enhancement,
    Double enhancedErrorRate) {}
