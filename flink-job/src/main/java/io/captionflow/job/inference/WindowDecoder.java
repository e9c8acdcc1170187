package io.captionflow.job.inference;

import io.captionflow.asr.DecodeRequest;
import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.Token;
import io.captionflow.job.confirmation.TimedToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the shared recognizer over a window of session audio and places the tokens on the session
 * clock. Counts the audio it encodes, so the encoder-pass factor (encoded seconds per audio second)
 * is measurable.
 */
public final class WindowDecoder {

  /** Tokens of one call, with what the call cost. */
  public record Result(
      List<TimedToken> tokens,
      long encodedSamples,
      long nanos,
      DecoderState state,
      int nextFrame) {}

  /**
   * One session's decode in a batched round: encoder frames {@code [fromFrame, toFrame)} of {@code
   * window} (which starts at session sample {@code startSample}) from {@code state}; {@code
   * toFrame} beyond the encoded frames means "to the end". A full-window decode is frames 0 to the
   * end from {@link DecoderState#initial()}.
   */
  public record Request(
      float[] window, long startSample, int fromFrame, int toFrame, DecoderState state) {

    public static Request fullWindow(float[] window, long startSample) {
      return new Request(window, startSample, 0, Integer.MAX_VALUE, DecoderState.initial());
    }

    public boolean isFullWindow() {
      return fromFrame == 0 && toFrame == Integer.MAX_VALUE && state.fresh();
    }
  }

  private final SpeechRecognizer recognizer;

  public WindowDecoder(SpeechRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /**
   * Full-window decoding: a fresh utterance over {@code window}, which starts at session sample
   * {@code startSample}.
   */
  public Result transcribe(float[] window, long startSample) {
    long t0 = System.nanoTime();
    List<Token> tokens = recognizer.transcribe(window).tokens();
    return new Result(place(tokens, startSample), window.length, System.nanoTime() - t0, null, 0);
  }

  /**
   * Chunked decoding: encodes the whole window (left context + chunk + right context) and
   * greedy-decodes only frames [fromFrame, toFrame), continuing from {@code state}.
   */
  public Result decodeChunk(
      float[] window, long startSample, int fromFrame, int toFrame, DecoderState state) {
    long t0 = System.nanoTime();
    var encoded = recognizer.encode(window);
    int to = Math.min(toFrame, encoded.length());
    if (fromFrame >= to) {
      return new Result(List.of(), window.length, System.nanoTime() - t0, state, fromFrame);
    }
    var result = recognizer.decode(encoded, fromFrame, to, state);
    return new Result(
        place(result.tokens(), startSample),
        window.length,
        System.nanoTime() - t0,
        result.state(),
        result.nextFrame());
  }

  /**
   * One batched round: every window in one encoder call, every row in one greedy loop (rows that
   * finish drop out). Result i is for request i and, on a model whose batched calls are exact (the
   * fixtures), equals that request decoded alone; each result carries the round's time.
   */
  public List<Result> decodeAll(List<Request> requests) {
    long t0 = System.nanoTime();
    List<EncodedAudio> encoded =
        recognizer.encodeBatch(requests.stream().map(Request::window).toList());
    List<DecodeRequest> rows = new ArrayList<>();
    int[] rowOf = new int[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      int to = Math.min(r.toFrame(), encoded.get(i).length());
      rowOf[i] = r.fromFrame() < to ? rows.size() : -1;
      if (rowOf[i] >= 0) {
        rows.add(new DecodeRequest(encoded.get(i), r.fromFrame(), to, r.state()));
      }
    }
    List<DecodeResult> decoded = recognizer.decodeBatch(rows);
    long nanos = System.nanoTime() - t0;
    List<Result> out = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (rowOf[i] < 0) {
        out.add(new Result(List.of(), r.window().length, nanos, r.state(), r.fromFrame()));
      } else {
        DecodeResult d = decoded.get(rowOf[i]);
        List<TimedToken> tokens = place(d.tokens(), r.startSample());
        // a full window continues nothing: no state, as transcribe() reports it
        out.add(
            r.isFullWindow()
                ? new Result(tokens, r.window().length, nanos, null, 0)
                : new Result(tokens, r.window().length, nanos, d.state(), d.nextFrame()));
      }
    }
    return out;
  }

  /** {@code request} alone, as the unbatched paths decode it. */
  public Result decode(Request request) {
    return request.isFullWindow()
        ? transcribe(request.window(), request.startSample())
        : decodeChunk(
            request.window(),
            request.startSample(),
            request.fromFrame(),
            request.toFrame(),
            request.state());
  }

  private static List<TimedToken> place(List<Token> tokens, long startSample) {
    double offset = startSample / (double) SpeechRecognizer.SAMPLE_RATE;
    List<TimedToken> placed = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      if (!t.special()) {
        placed.add(
            new TimedToken(
                t.id(),
                t.piece(),
                offset + t.startSeconds(),
                offset + t.endSeconds(),
                t.confidence()));
      }
    }
    return placed;
  }
}
