package io.captionflow.job.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** The session operator's metrics, in the group captionflow of the operator's metric group. */
final class SessionMetrics {

  final Histogram inferenceMillis;
  final Histogram confirmedSegmentLatencyMillis;
  final Histogram finalWordLatencyMillis;
  final Counter chunksDuplicate;
  final Counter chunksReordered;
  final Counter chunksGapFilled;
  final Counter deadLetters;
  final Counter chunksRefused;
  final Counter diarizationLost;
  final Counter stateBytesWritten;
  final Counter sessionsRefused;
  final Histogram sessionLagMillis;
  final Counter sessionsDegraded;
  final Counter audioSkippedMillis;
  final Histogram decodeBatch;
  final Histogram decodeWaitMillis;

  private final MetricGroup group;
  private final Map<LatencyMode, ChurnCounters> churn = new EnumMap<>(LatencyMode.class);
  private volatile long audioToEmitLagMillis;
  private volatile long diarizationNanos;
  private volatile long diarizedSamples;

  /** {@code active}: the subtask's live session ids, read by the reporter thread. */
  SessionMetrics(MetricGroup operatorMetrics, Set<String> active) {
    group = operatorMetrics.addGroup("captionflow");
    group.gauge("activeSessions", () -> active.size());
    inferenceMillis = histogram("inferenceMillis");
    confirmedSegmentLatencyMillis = histogram("confirmedSegmentLatencyMillis");
    finalWordLatencyMillis = histogram("finalWordLatencyMillis");
    group.gauge("audioToEmitLagMillis", () -> audioToEmitLagMillis);
    chunksDuplicate = group.counter("chunksDuplicate");
    chunksReordered = group.counter("chunksReordered");
    chunksGapFilled = group.counter("chunksGapFilled");
    deadLetters = group.counter("deadLetters");
    group.gauge(
        "diarizationMillisPerAudioSecond",
        () -> diarizedSamples == 0 ? 0.0 : diarizationNanos / 1e6 / (diarizedSamples / 16000.0));
    chunksRefused = group.counter("chunksRefused");
    diarizationLost = group.counter("diarizationLost");
    stateBytesWritten = group.counter("stateBytesWritten");
    sessionsRefused = group.counter("sessionsRefused");
    sessionLagMillis = histogram("sessionLagMillis");
    sessionsDegraded = group.counter("sessionsDegraded");
    audioSkippedMillis = group.counter("audioSkippedMillis");
    decodeBatch = histogram("decodeBatch");
    decodeWaitMillis = histogram("decodeWaitMillis");
  }

  private Histogram histogram(String name) {
    return group.histogram(name, new DescriptiveStatisticsHistogram(1000));
  }

  /** A final segment reached its subscribers {@code millis} after its audio was captured. */
  void audioToEmitLag(long millis) {
    audioToEmitLagMillis = millis;
  }

  /** The diarizer took {@code nanos} for {@code samples} of audio. */
  void diarized(long samples, long nanos) {
    diarizationNanos += nanos; // one subtask thread writes, the reporter reads
    diarizedSamples += samples;
  }

  /**
   * One decode's hypothesis churn, on the dashboard as captionflow.mode.&lt;id&gt;.wordsRevised
   * etc.
   */
  void churn(LatencyMode mode, int revised, int forcedOut, int droppedAtEdge) {
    ChurnCounters c =
        churn.computeIfAbsent(mode, m -> new ChurnCounters(group.addGroup("mode", m.id())));
    c.revised.inc(revised);
    c.forcedOut.inc(forcedOut);
    c.droppedAtEdge.inc(droppedAtEdge);
  }

  private static final class ChurnCounters {
    final Counter revised;
    final Counter forcedOut;
    final Counter droppedAtEdge;

    ChurnCounters(MetricGroup group) {
      revised = group.counter("wordsRevised");
      forcedOut = group.counter("wordsForcedOut");
      droppedAtEdge = group.counter("wordsDroppedAtEdge");
    }
  }
}
