package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's delivered confirmed captions, the newest {@code size} kept (oldest first): what a joining
 * or resuming subscriber is replayed, and whether anything it wants fell out.
 */
final class ConfirmedHistory {

  private final int size;
  private final ArrayDeque<StoredCaption> captions = new ArrayDeque<>();
  private Caption lastEvicted;

  ConfirmedHistory(int size) {
    this.size = size;
  }

  void add(StoredCaption stored) {
    captions.addLast(stored);
    while (captions.size() > size) {
      lastEvicted = captions.removeFirst().caption();
    }
  }

  void clear() {
    captions.clear();
    lastEvicted = null;
  }

  int size() {
    return captions.size();
  }

  /** The JSON of the kept captions {@code after} wants, oldest first. */
  List<String> missed(ResumePoint after) {
    List<String> missed = new ArrayList<>();
    for (StoredCaption s : captions) {
      if (after.wants(s.caption())) {
        missed.add(s.json());
      }
    }
    return missed;
  }

  /** True when no caption {@code after} wants has been evicted: the replay is complete. */
  boolean complete(ResumePoint after) {
    return lastEvicted == null || !after.wants(lastEvicted);
  }

  List<Caption> captions() {
    return captions.stream().map(StoredCaption::caption).toList();
  }

  List<CaptionWord> words() {
    List<CaptionWord> words = new ArrayList<>();
    captions.forEach(s -> words.addAll(s.caption().words()));
    return words;
  }

  /** Where the kept captions cover the run from, given it was seen from {@code seenFromSeconds}. */
  double coveredFromSeconds(double seenFromSeconds) {
    return lastEvicted == null
        ? seenFromSeconds
        : Math.max(seenFromSeconds, captions.getFirst().caption().startSeconds());
  }
}
