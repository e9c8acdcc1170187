package io.captionflow.sink.session;

/**
 * One line of {@code GET /api/sessions}.
 *
 * @param run the session's current run, null before its first event
 * @param lastSegmentMillis emit time (epoch ms) of the newest confirmed segment, null before the
 *     first
 * @param lastSequence sequence of the newest confirmed segment of the run, -1 before the first
 * @param cursor cursor of the newest confirmed segment of the run, null before the first
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
    long duplicatesDropped) {}
