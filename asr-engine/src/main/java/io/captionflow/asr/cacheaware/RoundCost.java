package io.captionflow.asr.cacheaware;

/**
 * What one decode round of {@link CacheAwareRecognizer} cost: its one encoder call (caches stacked,
 * copied in and out included) and the greedy search of every stream (decoder and joiner at B=1).
 */
public record RoundCost(int streams, long encoderNanos, long greedyNanos) {}
