package io.captionflow.job.session;

import io.captionflow.asr.cacheaware.CacheAwareStream;
import io.captionflow.asr.cacheaware.StreamingRecognizer;
import io.captionflow.job.inference.WindowDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.metrics.Histogram;

/**
 * Runs the decodes a bundle left due across its sessions in batched rounds: each round takes at
 * most one decode per session (a session with several due decodes takes them in successive rounds,
 * a chunk continuing the decoder state its predecessor left) and runs them as one encoder call and
 * one greedy loop per {@code maxBatch} rows. Decode points and inputs were fixed when each decode
 * fell due, so a session's results do not depend on which sessions shared its rounds.
 */
public final class DecodeRounds {

  /** A session with decodes due, and where its results go. */
  public record Member(SessionStream stream, SessionOutput out) {}

  private final WindowDecoder decoder;
  private final StreamingRecognizer streamingModel;
  private final int maxBatch;
  private final Histogram batchSizes;
  private final Histogram waitMillis;

  public DecodeRounds(
      WindowDecoder decoder, int maxBatch, Histogram batchSizes, Histogram waitMillis) {
    this(decoder, null, maxBatch, batchSizes, waitMillis);
  }

  /**
   * {@code decoder} runs the window and chunked decodes, {@code streamingModel} the streaming ones
   * (one window of each stream per round, caches stacked into one encoder call); either may be null
   * when no session uses it.
   */
  public DecodeRounds(
      WindowDecoder decoder,
      StreamingRecognizer streamingModel,
      int maxBatch,
      Histogram batchSizes,
      Histogram waitMillis) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("decode batch must be at least 1, got " + maxBatch);
    }
    this.decoder = decoder;
    this.streamingModel = streamingModel;
    this.maxBatch = maxBatch;
    this.batchSizes = batchSizes;
    this.waitMillis = waitMillis;
  }

  /** Runs rounds until no member has a decode due. */
  public void run(List<Member> members) {
    List<Member> waiting = new ArrayList<>(members);
    while (!waiting.isEmpty()) {
      List<Member> rows = new ArrayList<>();
      List<WindowDecoder.Request> requests = new ArrayList<>();
      List<Member> streamRows = new ArrayList<>();
      List<CacheAwareStream> streams = new ArrayList<>();
      long now = System.nanoTime();
      for (Member m : waiting) {
        Optional<WindowDecoder.Request> request = m.stream().dueDecodes().dueRequest(m.out());
        if (request.isPresent()) {
          rows.add(m);
          requests.add(request.get());
          waitMillis.update((now - m.stream().dueDecodes().oldestDueNanos()) / 1_000_000);
          continue;
        }
        Optional<CacheAwareStream> stream = m.stream().dueDecodes().dueStream();
        if (stream.isPresent()) {
          streamRows.add(m);
          streams.add(stream.get());
          waitMillis.update((now - m.stream().dueDecodes().oldestDueNanos()) / 1_000_000);
        }
      }
      for (int from = 0; from < streamRows.size(); from += maxBatch) {
        int to = Math.min(streamRows.size(), from + maxBatch);
        long t0 = System.nanoTime();
        streamingModel.decode(streams.subList(from, to));
        long each = (System.nanoTime() - t0) / (to - from);
        batchSizes.update(to - from);
        for (int i = from; i < to; i++) {
          streamRows.get(i).stream().dueDecodes().completeDueStream(each, streamRows.get(i).out());
        }
      }
      for (int from = 0; from < rows.size(); from += maxBatch) {
        int to = Math.min(rows.size(), from + maxBatch);
        List<WindowDecoder.Result> results = decoder.decodeAll(requests.subList(from, to));
        batchSizes.update(to - from);
        for (int i = from; i < to; i++) {
          rows.get(i).stream().dueDecodes().completeDue(results.get(i - from), rows.get(i).out());
        }
      }
      rows.addAll(streamRows);
      rows.removeIf(m -> !m.stream().dueDecodes().hasDueDecode());
      waiting = rows;
    }
  }
}
