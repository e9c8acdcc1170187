package io.captionflow.asr.cacheaware;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The contract's inputs and outputs, checked by position (§2, §3). */
final class ContractCheck {
  private ContractCheck() {}

  /** Returns the mel bin count F from input 0's shape (0 when it cannot be read). */
  static int encoder(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
      throws OrtException {
    List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
    List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
    if (in.size() != 5 && in.size() != 6) {
      problems.add(
          file
              + ": has "
              + in.size()
              + " inputs, expected 5 (audio_signal, length, cache_last_channel, cache_last_time,"
              + " cache_last_channel_len) or 6 (with prompt_index)");
      return 0;
    }
    expect(in, 0, OnnxJavaType.FLOAT, 3, file, "input", "audio_signal [B, F, T]", problems);
    expect(in, 1, OnnxJavaType.INT64, 1, file, "input", "length [B]", problems);
    expect(in, 2, OnnxJavaType.FLOAT, 4, file, "input", "cache_last_channel", problems);
    expect(in, 3, OnnxJavaType.FLOAT, 4, file, "input", "cache_last_time", problems);
    expect(in, 4, OnnxJavaType.INT64, 1, file, "input", "cache_last_channel_len", problems);
    if (out.size() != 5) {
      problems.add(file + ": has " + out.size() + " outputs, expected 5");
    } else {
      expect(out, 0, OnnxJavaType.FLOAT, 3, file, "output", "outputs [B, D, T']", problems);
      expect(out, 2, OnnxJavaType.FLOAT, 4, file, "output", "cache_last_channel_next", problems);
      expect(out, 3, OnnxJavaType.FLOAT, 4, file, "output", "cache_last_time_next", problems);
    }
    long[] audio = in.get(0).getShape();
    int bins = audio.length == 3 && audio[1] > 0 ? (int) audio[1] : 0;
    if (audio.length == 3 && bins == 0) {
      problems.add(file + ": input #0 (audio_signal) has no fixed mel-bin count in its shape");
    }
    if (meta != null) {
      dims(
          in,
          2,
          file,
          "cache_last_channel",
          problems,
          meta.channelLayers(),
          meta.channelFrames(),
          meta.channelWidth());
      dims(
          in,
          3,
          file,
          "cache_last_time",
          problems,
          meta.timeLayers(),
          meta.timeWidth(),
          meta.timeFrames());
    }
    return bins;
  }

  static void decoder(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
      throws OrtException {
    List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
    List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
    if (in.size() != 4 || out.size() != 4) {
      problems.add(
          file
              + ": has "
              + in.size()
              + " inputs and "
              + out.size()
              + " outputs, expected 4 and 4 (targets, target_length, h, c -> outputs,"
              + " prednet_lengths, h, c)");
      return;
    }
    expect(in, 0, OnnxJavaType.INT32, 2, file, "input", "targets [B, 1]", problems);
    expect(in, 1, OnnxJavaType.INT32, 1, file, "input", "target_length [B]", problems);
    expect(in, 2, OnnxJavaType.FLOAT, 3, file, "input", "h [layers, B, hidden]", problems);
    expect(in, 3, OnnxJavaType.FLOAT, 3, file, "input", "c [layers, B, hidden]", problems);
    expect(out, 0, OnnxJavaType.FLOAT, 3, file, "output", "outputs [B, hidden, 1]", problems);
    if (meta != null && in.size() == 4) {
      long[] h = in.get(2).getShape();
      if (h.length == 3
          && ((h[0] > 0 && h[0] != meta.predRnnLayers())
              || (h[2] > 0 && h[2] != meta.predHidden()))) {
        problems.add(
            file
                + ": input #2 (h) is "
                + java.util.Arrays.toString(h)
                + ", metadata says pred_rnn_layers "
                + meta.predRnnLayers()
                + " and pred_hidden "
                + meta.predHidden());
      }
    }
  }

  static void joiner(OrtSession s, String file, CacheAwareMetadata meta, List<String> problems)
      throws OrtException {
    List<TensorInfo> in = tensors(s.getInputInfo(), file, "input", problems);
    List<TensorInfo> out = tensors(s.getOutputInfo(), file, "output", problems);
    if (in.size() != 2 || out.isEmpty()) {
      problems.add(
          file
              + ": has "
              + in.size()
              + " inputs and "
              + out.size()
              + " outputs, expected 2 (encoder_outputs, decoder_outputs) and 1 (logits)");
      return;
    }
    expect(in, 0, OnnxJavaType.FLOAT, 3, file, "input", "encoder_outputs [B, D, 1]", problems);
    expect(in, 1, OnnxJavaType.FLOAT, 3, file, "input", "decoder_outputs [B, H, 1]", problems);
    expect(out, 0, OnnxJavaType.FLOAT, 4, file, "output", "outputs [B, 1, 1, V]", problems);
    long[] logits = out.get(0).getShape();
    if (meta != null && logits.length == 4 && logits[3] > 0 && logits[3] != meta.vocabSize() + 1) {
      problems.add(
          file
              + ": output #0 has "
              + logits[3]
              + " logits, metadata vocab_size "
              + meta.vocabSize()
              + " needs "
              + (meta.vocabSize() + 1));
    }
  }

  private static List<TensorInfo> tensors(
      Map<String, NodeInfo> infos, String file, String kind, List<String> problems) {
    List<TensorInfo> out = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo t) {
        out.add(t);
      } else {
        problems.add(file + ": " + kind + " #" + i + " '" + e.getKey() + "' is not a tensor");
      }
      i++;
    }
    return out;
  }

  private static void expect(
      List<TensorInfo> infos,
      int index,
      OnnxJavaType type,
      int rank,
      String file,
      String kind,
      String what,
      List<String> problems) {
    TensorInfo t = infos.get(index);
    if (t.type != type || t.getShape().length != rank) {
      problems.add(
          file
              + ": "
              + kind
              + " #"
              + index
              + " is "
              + t.type
              + " of rank "
              + t.getShape().length
              + ", expected "
              + what
              + ": "
              + type
              + " of rank "
              + rank);
    }
  }

  private static void dims(
      List<TensorInfo> infos,
      int index,
      String file,
      String what,
      List<String> problems,
      long... expected) {
    long[] shape = infos.get(index).getShape();
    for (int k = 0; k < expected.length && k + 1 < shape.length; k++) {
      if (shape[k + 1] > 0 && shape[k + 1] != expected[k]) {
        problems.add(
            file
                + ": input #"
                + index
                + " ("
                + what
                + ") is "
                + java.util.Arrays.toString(shape)
                + ", metadata says [B, "
                + expected[0]
                + ", "
                + expected[1]
                + ", "
                + expected[2]
                + "]");
        return;
      }
    }
  }
}
