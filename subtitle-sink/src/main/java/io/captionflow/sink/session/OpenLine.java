package io.captionflow.sink.session;

import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.ArrayList;
import java.util.List;

/**
 * Final words delivered past the last delivered segment: the open line, sent to a joining
 * subscriber after the history. A delivered segment closes the words whose middle lies before its
 * end.
 */
final class OpenLine {

  private record OpenWords(FinalWords words, String json) {}

  private final List<OpenWords> words = new ArrayList<>();

  /** Adds delivered words to the line; returns their wire JSON. */
  String add(FinalWords delivered) {
    OpenWords open = new OpenWords(delivered, WireMessages.words(delivered));
    words.add(open);
    return open.json();
  }

  /** Drops the words a segment ending at {@code segmentEndSeconds} holds; trims one it cuts. */
  void closeBefore(double segmentEndSeconds) {
    List<OpenWords> still = new ArrayList<>();
    for (OpenWords o : words) {
      List<CaptionWord> after =
          o.words().words().stream().filter(w -> w.middleSeconds() > segmentEndSeconds).toList();
      if (after.size() == o.words().words().size()) {
        still.add(o);
      } else if (!after.isEmpty()) {
        FinalWords kept = o.words().trimmedTo(after);
        still.add(new OpenWords(kept, WireMessages.words(kept)));
      }
    }
    words.clear();
    words.addAll(still);
  }

  void clear() {
    words.clear();
  }

  /** The line's messages, oldest first. */
  List<String> json() {
    return words.stream().map(OpenWords::json).toList();
  }
}
