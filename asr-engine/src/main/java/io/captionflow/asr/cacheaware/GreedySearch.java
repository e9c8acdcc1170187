package io.captionflow.asr.cacheaware;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.captionflow.asr.Token;
import io.captionflow.asr.parakeet.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RNN-T greedy search over encoded frames (contract §4), with the prediction network (decoder) and
 * the joiner: per frame, up to {@link #MAX_SYMBOLS_PER_FRAME} symbols, the prediction network
 * advancing on each. Rows run together in one joiner call and one decoder call per step where the
 * export takes a batch (the older exports fix the decoder's state at batch 1: then row by row); the
 * result is the same either way.
 */
final class GreedySearch {

  /** Symbols one encoder frame may emit before search moves on (sherpa-onnx's limit). */
  static final int MAX_SYMBOLS_PER_FRAME = 10;

  private final CacheAwareMetadata meta;
  private final Vocabulary tokens;
  private final OrtSession decoder;
  private final OrtSession joiner;
  private final List<String> decoderInputs;
  private final List<String> joinerInputs;
  private final boolean batchedDecoder;
  private final boolean batchedJoiner;
  private final OrtTensors tensors;

  GreedySearch(
      CacheAwareMetadata meta,
      Vocabulary tokens,
      OrtSession decoder,
      OrtSession joiner,
      OrtTensors tensors)
      throws OrtException {
    this.meta = meta;
    this.tokens = tokens;
    this.decoder = decoder;
    this.joiner = joiner;
    this.decoderInputs = List.copyOf(decoder.getInputInfo().keySet());
    this.joinerInputs = List.copyOf(joiner.getInputInfo().keySet());
    this.batchedDecoder =
        batchDim(decoder.getInputInfo(), 0, 0)
            && batchDim(decoder.getInputInfo(), 1, 0)
            && batchDim(decoder.getInputInfo(), 2, 1)
            && batchDim(decoder.getInputInfo(), 3, 1);
    this.batchedJoiner =
        batchDim(joiner.getInputInfo(), 0, 0) && batchDim(joiner.getInputInfo(), 1, 0);
    this.tensors = tensors;
  }

  /** Whether input {@code index}'s dimension {@code axis} (the batch) takes more than one row. */
  private static boolean batchDim(Map<String, NodeInfo> inputs, int index, int axis) {
    NodeInfo info = new ArrayList<>(inputs.values()).get(index);
    long[] shape = ((TensorInfo) info.getInfo()).getShape();
    return shape.length > axis && shape[axis] != 1;
  }

  boolean batchesJoiner() {
    return batchedJoiner;
  }

  boolean batchesDecoder() {
    return batchedDecoder;
  }

  /** Searches each stream's T' frames of {@code encoded} [n, D, T']; tokens go to the streams. */
  void search(List<CacheAwareStream> streams, float[] encoded, int d, int frames)
      throws OrtException {
    List<CacheAwareStream> fresh = new ArrayList<>();
    List<Integer> sos = new ArrayList<>();
    for (CacheAwareStream s : streams) {
      if (s.decoderOut == null) {
        fresh.add(s);
        sos.add(s.lastToken);
      }
    }
    predict(fresh, sos);
    for (int t = 0; t < frames; t++) {
      List<Integer> active = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        active.add(i);
      }
      int[] emitted = new int[streams.size()];
      while (!active.isEmpty()) {
        float[][] rowFrames = new float[active.size()][d];
        List<CacheAwareStream> rows = new ArrayList<>();
        for (int r = 0; r < active.size(); r++) {
          int i = active.get(r);
          int offset = i * d * frames;
          for (int k = 0; k < d; k++) {
            rowFrames[r][k] = encoded[offset + k * frames + t];
          }
          rows.add(streams.get(i));
        }
        float[][] logits = join(rowFrames, rows);
        List<Integer> next = new ArrayList<>();
        List<CacheAwareStream> advancing = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; r < active.size(); r++) {
          int best = argmax(logits[r]);
          if (best == meta.blank()) {
            continue;
          }
          int i = active.get(r);
          CacheAwareStream s = streams.get(i);
          long globalFrame = s.decodedFrames() + t;
          double start = globalFrame * meta.frameSeconds();
          s.emit(
              new Token(
                  best,
                  tokens.piece(best),
                  (int) globalFrame,
                  start,
                  start + meta.frameSeconds(),
                  probability(logits[r], best),
                  tokens.isSpecial(best)));
          advancing.add(s);
          chosen.add(best);
          if (++emitted[i] < MAX_SYMBOLS_PER_FRAME) {
            next.add(i);
          }
        }
        predict(advancing, chosen);
        active = next;
      }
    }
  }

  /** Runs the prediction network on each stream's {@code tokens}: new decoder output and state. */
  private void predict(List<CacheAwareStream> streams, List<Integer> tokens) throws OrtException {
    if (streams.isEmpty()) {
      return;
    }
    if (!batchedDecoder || streams.size() == 1) {
      for (int i = 0; i < streams.size(); i++) {
        predictRows(List.of(streams.get(i)), List.of(tokens.get(i)));
      }
      return;
    }
    predictRows(streams, tokens);
  }

  private void predictRows(List<CacheAwareStream> streams, List<Integer> tokens)
      throws OrtException {
    int m = streams.size();
    int layers = meta.predRnnLayers();
    int hidden = meta.predHidden();
    int[] targets = new int[m];
    int[] lengths = new int[m];
    float[] h = new float[layers * m * hidden];
    float[] c = new float[layers * m * hidden];
    for (int r = 0; r < m; r++) {
      targets[r] = tokens.get(r);
      lengths[r] = 1;
      CacheAwareStream s = streams.get(r);
      for (int l = 0; l < layers; l++) {
        System.arraycopy(s.h, l * hidden, h, (l * m + r) * hidden, hidden);
        System.arraycopy(s.c, l * hidden, c, (l * m + r) * hidden, hidden);
      }
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(decoderInputs.get(0), tensors.ints(targets, m, 1));
      in.put(decoderInputs.get(1), tensors.ints(lengths, m));
      in.put(decoderInputs.get(2), tensors.floats(h, layers, m, hidden));
      in.put(decoderInputs.get(3), tensors.floats(c, layers, m, hidden));
      try (OrtSession.Result out = decoder.run(in)) {
        float[] outputs = OrtTensors.readFloats(out, 0, m * hidden);
        float[] nextH = OrtTensors.readFloats(out, 2, layers * m * hidden);
        float[] nextC = OrtTensors.readFloats(out, 3, layers * m * hidden);
        for (int r = 0; r < m; r++) {
          CacheAwareStream s = streams.get(r);
          s.decoderOut = Arrays.copyOfRange(outputs, r * hidden, (r + 1) * hidden);
          for (int l = 0; l < layers; l++) {
            System.arraycopy(nextH, (l * m + r) * hidden, s.h, l * hidden, hidden);
            System.arraycopy(nextC, (l * m + r) * hidden, s.c, l * hidden, hidden);
          }
          s.lastToken = tokens.get(r);
        }
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** The joiner's logits for each row: one encoder frame and its stream's decoder output. */
  private float[][] join(float[][] frames, List<CacheAwareStream> streams) throws OrtException {
    if (!batchedJoiner || frames.length == 1) {
      float[][] out = new float[frames.length][];
      for (int r = 0; r < frames.length; r++) {
        out[r] = joinRows(new float[][] {frames[r]}, List.of(streams.get(r)))[0];
      }
      return out;
    }
    return joinRows(frames, streams);
  }

  private float[][] joinRows(float[][] frames, List<CacheAwareStream> streams) throws OrtException {
    int m = frames.length;
    int d = frames[0].length;
    int hidden = meta.predHidden();
    int v = meta.vocabSize() + 1;
    float[] enc = new float[m * d];
    float[] dec = new float[m * hidden];
    for (int r = 0; r < m; r++) {
      System.arraycopy(frames[r], 0, enc, r * d, d);
      System.arraycopy(streams.get(r).decoderOut, 0, dec, r * hidden, hidden);
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(joinerInputs.get(0), tensors.floats(enc, m, d, 1));
      in.put(joinerInputs.get(1), tensors.floats(dec, m, hidden, 1));
      try (OrtSession.Result out = joiner.run(in)) {
        float[] all = OrtTensors.readFloats(out, 0, m * v);
        float[][] rows = new float[m][];
        for (int r = 0; r < m; r++) {
          rows[r] = Arrays.copyOfRange(all, r * v, (r + 1) * v);
        }
        return rows;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Softmax probability of {@code chosen}, the largest logit. */
  static float probability(float[] logits, int chosen) {
    double max = logits[chosen];
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return (float) (1 / sum);
  }
}
