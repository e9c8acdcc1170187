package io.captionflow.job.session;

/** Where a run's chunks lie in the audio topic: one partition, first and last offset. */
public record AudioRange(int partition, long firstOffset, long lastOffset) {}
