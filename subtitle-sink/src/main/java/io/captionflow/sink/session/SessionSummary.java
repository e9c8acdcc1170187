package io.captionflow.sink.session;

/**
 * One line of {@code GET /api/sessions}.
 *
 * @param lastSegmentMillis emit time (epoch ms) of the newest confirmed segment, null before the
 *     first
 * @param lastSequence sequence of the newest confirmed segment, -1 before the first
 */
public record SessionSummary(
    String sessionId,
    String state,
    String language,
    Long lastSegmentMillis,
    long lastSequence,
    int subscribers,
    int historySegments,
    boolean speaking,
    long duplicatesDropped) {}
