package io.captionflow.sink.session;

import io.captionflow.schema.ConfirmedWords;
import io.captionflow.schema.Word;
import io.captionflow.sink.session.Caption.CaptionWord;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Words the job made final before the segment holding them ({@code sequence}) closed, as the sink
 * keeps and sends them (the {@code words} message). Never revised; the segment carries them again.
 */
public record FinalWords(
    String sessionId,
    long run,
    long sequence,
    List<CaptionWord> words,
    String language,
    Long captureTimeMillis,
    long emitTimeMillis) {

  public FinalWords {
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "final words of segment " + sequence + " of " + sessionId + " hold no word");
    }
    words = List.copyOf(words);
  }

  public static FinalWords from(String sessionId, ConfirmedWords c, long run) {
    return new FinalWords(
        sessionId,
        run,
        c.getSequence(),
        c.getWords().stream().map(FinalWords::word).toList(),
        c.getLanguage() == null ? null : c.getLanguage().toString(),
        c.getCaptureTimeMillis(),
        c.getEmitTimeMillis());
  }

  public String text() {
    return words.stream().map(CaptionWord::text).collect(Collectors.joining(" "));
  }

  /** The same event holding only {@code kept}, some of its words. */
  public FinalWords trimmedTo(List<CaptionWord> kept) {
    return new FinalWords(
        sessionId, run, sequence, kept, language, captureTimeMillis, emitTimeMillis);
  }

  static CaptionWord word(Word w) {
    return new CaptionWord(
        w.getText().toString(),
        w.getStartSeconds(),
        w.getEndSeconds(),
        w.getConfidence(),
        w.getSpeaker());
  }
}
