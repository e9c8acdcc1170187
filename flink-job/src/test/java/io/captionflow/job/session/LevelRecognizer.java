package io.captionflow.job.session;

import io.captionflow.asr.DecodeResult;
import io.captionflow.asr.DecoderState;
import io.captionflow.asr.EncodedAudio;
import io.captionflow.asr.SpeechRecognizer;
import io.captionflow.asr.TimedWord;
import io.captionflow.asr.Token;
import io.captionflow.asr.Transcript;
import java.util.ArrayList;
import java.util.List;

/**
 * Test double for unit tests of the streaming logic: a "word" is a run of constant amplitude {@code
 * (id + 1) / 100} and is emitted as token {@code id} at the run's first 80 ms frame. Audio built by
 * {@link #render} therefore has a transcript known in advance, and windows cut words like a real
 * model would see.
 */
final class LevelRecognizer implements SpeechRecognizer {

  static final String[] PIECES = {
    "",
    "\u2581one",
    "\u2581two",
    "\u2581three",
    "\u2581four",
    "\u2581five",
    "\u2581six",
    "\u2581hel",
    "lo",
    ".",
    "\u2581seven",
    "\u2581eight"
  };

  int transcribeCalls;

  @Override
  public double frameSeconds() {
    return 0.08;
  }

  @Override
  public Transcript transcribe(float[] samples) {
    transcribeCalls++;
    EncodedAudio audio = encode(samples);
    List<Token> tokens = decode(audio, 0, audio.length(), DecoderState.initial()).tokens();
    return new Transcript(tokens, List.<TimedWord>of(), "");
  }

  @Override
  public List<Transcript> transcribeBatch(List<float[]> windows) {
    return windows.stream().map(this::transcribe).toList();
  }

  @Override
  public EncodedAudio encode(float[] samples) {
    int frames = samples.length / 1280;
    float[][] out = new float[frames][1];
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      for (int i = f * 1280; i < (f + 1) * 1280; i++) {
        sum += Math.abs(samples[i]);
      }
      out[f][0] = Math.round(sum / 1280 * 100) - 1;
    }
    return new EncodedAudio(out, 0.08);
  }

  @Override
  public DecodeResult decode(EncodedAudio audio, int fromFrame, int toFrame, DecoderState state) {
    int last = state.fresh() ? -1 : state.lastToken();
    List<Token> tokens = new ArrayList<>();
    for (int f = fromFrame; f < Math.min(toFrame, audio.length()); f++) {
      int id = (int) audio.frames()[f][0];
      if (id > 0 && id < PIECES.length && id != last) {
        int end = f;
        while (end < audio.length() && (int) audio.frames()[end][0] == id) {
          end++;
        }
        tokens.add(new Token(id, PIECES[id], f, f * 0.08, end * 0.08, 0.9f, false));
      }
      last = id;
    }
    return new DecodeResult(
        tokens, new DecoderState(null, null, last, false), Math.min(toFrame, audio.length()));
  }

  @Override
  public void close() {}

  /** A scripted word: token id from {@code startFrame} for {@code frames} 80 ms frames. */
  record Spoken(int id, int startFrame, int frames) {}

  /** Renders spoken words (session frame grid) over {@code totalFrames} frames of silence. */
  static float[] render(int totalFrames, List<Spoken> words) {
    float[] audio = new float[totalFrames * 1280];
    for (Spoken w : words) {
      float level = (w.id() + 1) / 100f;
      for (int i = w.startFrame() * 1280; i < (w.startFrame() + w.frames()) * 1280; i++) {
        audio[i] = (i % 2 == 0 ? level : -level);
      }
    }
    return audio;
  }
}
