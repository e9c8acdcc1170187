package io.captionflow.asr.cacheaware;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder run over many streams in one call: each stream's window and caches stacked along the
 * batch axis on the way in, the next caches handed back to each stream on the way out.
 */
final class StackedEncoder {

  private final CacheAwareMetadata meta;
  private final int bins;
  private final OrtSession encoder;
  private final List<String> inputs;
  private final long promptId;
  private final OrtTensors tensors;

  StackedEncoder(
      CacheAwareMetadata meta, int bins, OrtSession encoder, long promptId, OrtTensors tensors)
      throws OrtException {
    this.meta = meta;
    this.bins = bins;
    this.encoder = encoder;
    this.inputs = List.copyOf(encoder.getInputInfo().keySet());
    this.promptId = promptId;
    this.tensors = tensors;
  }

  /** Runs the encoder over the streams' windows; returns outputs [n, D, T'] and updates caches. */
  float[] encode(List<CacheAwareStream> streams) throws OrtException {
    int n = streams.size();
    int w = meta.windowSize();
    float[] audio = new float[n * bins * w];
    int ch = meta.channelCacheSize();
    int tc = meta.timeCacheSize();
    float[] channel = new float[n * ch];
    float[] time = new float[n * tc];
    long[] lengths = new long[n];
    long[] cacheLengths = new long[n];
    for (int i = 0; i < n; i++) {
      CacheAwareStream s = streams.get(i);
      s.copyWindow(audio, i * bins * w);
      System.arraycopy(s.channelCache, 0, channel, i * ch, ch);
      System.arraycopy(s.timeCache, 0, time, i * tc, tc);
      lengths[i] = w;
      cacheLengths[i] = s.channelCacheLength;
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(inputs.get(0), tensors.floats(audio, n, bins, w));
      in.put(inputs.get(1), tensors.longs(lengths, n));
      in.put(
          inputs.get(2),
          tensors.floats(
              channel, n, meta.channelLayers(), meta.channelFrames(), meta.channelWidth()));
      in.put(
          inputs.get(3),
          tensors.floats(time, n, meta.timeLayers(), meta.timeWidth(), meta.timeFrames()));
      in.put(inputs.get(4), tensors.longs(cacheLengths, n));
      if (inputs.size() > 5) {
        long[] prompts = new long[n];
        Arrays.fill(prompts, promptId);
        in.put(inputs.get(5), tensors.longs(prompts, n));
      }
      try (OrtSession.Result out = encoder.run(in)) {
        float[] encoded =
            OrtTensors.readFloats(out, 0, n * meta.channelWidth() * meta.framesPerChunk());
        float[] nextChannel = OrtTensors.readFloats(out, 2, n * ch);
        float[] nextTime = OrtTensors.readFloats(out, 3, n * tc);
        long[] nextLengths = OrtTensors.readLongs(out, 4, n);
        for (int i = 0; i < n; i++) {
          CacheAwareStream s = streams.get(i);
          System.arraycopy(nextChannel, i * ch, s.channelCache, 0, ch);
          System.arraycopy(nextTime, i * tc, s.timeCache, 0, tc);
          s.channelCacheLength = nextLengths[i];
        }
        return encoded;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }
}
