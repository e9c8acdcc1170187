package io.captionflow.launcher.asr;

import io.captionflow.asr.parakeet.ModelDirectory;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.fixtures.asr.CacheAwareToneFixture;
import io.captionflow.fixtures.asr.SyntheticCacheAware;
import io.captionflow.fixtures.asr.SyntheticParakeet;
import io.captionflow.fixtures.asr.ToneLanguage;
import io.captionflow.fixtures.asr.ToneLanguageFixture;
import io.captionflow.fixtures.asr.WaveringToneFixture;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code captionflow fixture-model [--kind tone|wavering|synthetic|synthetic-cache-aware] DIR}:
 * writes a tone-language test model and its sample, a synthetic Parakeet-sized model, or a
 * synthetic cache-aware streaming model at nemotron-speech-streaming-en-0.6b's size.
 */
@Command(
    name = "fixture-model",
    mixinStandardHelpOptions = true,
    description =
        "Write a Parakeet-shaped test model: the tone language with sample.wav and its expected"
            + " transcript, or (--kind synthetic) random weights at Parakeet's size for benchmarks,"
            + " or (--kind synthetic-cache-aware) a cache-aware streaming transducer in sherpa-onnx's"
            + " layout with random weights at nemotron-speech-streaming-en-0.6b's size.")
public final class FixtureModelCommand implements Callable<Integer> {

  /** Which fixture model to write. */
  public enum Kind {
    /** Steady hypotheses: the same words and times in every window. */
    tone,
    /** Hypotheses that waver with the window end like a real model's (see WaveringToneFixture). */
    wavering,
    /** Random weights with Parakeet 0.6B's widths and I/O: for benchmarks, not transcripts. */
    synthetic,
    /** Random weights with nemotron-speech-streaming-en-0.6b's sizes and cache-aware I/O. */
    synthetic_cache_aware,
    /** A cache-aware streaming export that hears the tone language only through its caches. */
    cache_aware;

    /** The name on the command line. */
    public String id() {
      return name().replace('_', '-');
    }

    static Kind parse(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw new TypeConversionException(
          "expected one of "
              + Arrays.stream(values()).map(Kind::id).toList()
              + " but was '"
              + id
              + "'");
    }
  }

  /** Parses --kind by {@link Kind#id()} (a hyphen cannot be in an enum constant). */
  static final class KindConverter implements ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      return Kind.parse(value);
    }
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--kind",
      defaultValue = "tone",
      converter = KindConverter.class,
      description =
          "tone (steady hypotheses), wavering (times, pieces and spurious words move with the"
              + " window end, as a real model's do), synthetic (Parakeet 0.6B's layer widths and"
              + " I/O with seeded random weights, for benchmarks) or synthetic-cache-aware"
              + " (nemotron-speech-streaming-en-0.6b's sizes and sherpa-onnx's cache-aware"
              + " encoder.onnx + encoder.data, decoder.onnx, joiner.onnx, tokens.txt; ~2.4 GB);"
              + " default ${DEFAULT-VALUE}")
  Kind kind;

  @Option(
      names = "--layers",
      defaultValue = "2",
      description =
          "synthetic only: conformer layers of width 1024 (the real model has 24; ~100 MB each);"
              + " default ${DEFAULT-VALUE}")
  int layers;

  @Option(
      names = "--seed",
      defaultValue = "12",
      description =
          "synthetic and synthetic-cache-aware: seed of the random weights; default"
              + " ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--chunk-ms",
      description =
          "synthetic-cache-aware only: the chunk the encoder is exported for, one of 80, 160, 320,"
              + " 560, 1120 ms; default 160")
  Integer chunkMs;

  @Option(
      names = "--tiny",
      description =
          "synthetic-cache-aware only: every size small (2 layers of width 32, 80 mel bins), for"
              + " tests; the files and I/O stay the same")
  boolean tiny;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description =
          "tone only: write the model under this precision's file names (fp32, fp16, int8; the"
              + " graphs stay fp32), to check a deployment's --precision; default ${DEFAULT-VALUE}")
  String precision;

  @Parameters(index = "0", description = "directory to write")
  Path dir;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    RecognizerConfig.Precision p;
    try {
      p = RecognizerConfig.parsePrecision(precision);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (p != RecognizerConfig.Precision.FP32 && kind != Kind.tone) {
      throw new ParameterException(
          spec.commandLine(), "--precision applies to --kind tone only, got --kind " + kind.id());
    }
    if (kind != Kind.synthetic_cache_aware && (chunkMs != null || tiny)) {
      throw new ParameterException(
          spec.commandLine(),
          "--chunk-ms and --tiny apply to --kind synthetic-cache-aware only, got --kind "
              + kind.id());
    }
    if (kind == Kind.synthetic_cache_aware) {
      return writeCacheAware(out);
    }
    if (kind == Kind.cache_aware) {
      List<ToneLanguage.ToneWord> heard = CacheAwareToneFixture.write(dir).words();
      out.println(
          "wrote cache-aware fixture model to "
              + dir
              + " (encoder.onnx, decoder.onnx, joiner.onnx, tokens.txt, config.json, sample.wav,"
              + " sample.expected.json, sample.expected.txt)");
      for (ToneLanguage.ToneWord w : heard) {
        out.println(String.format(Locale.ROOT, "  %-10s %7.2f Hz", w.text(), w.frequencyHz()));
      }
      out.println(
          "try: captionflow transcribe "
              + dir.resolve("sample.wav")
              + " --model "
              + dir
              + " --stream --mode streaming");
      out.flush();
      return 0;
    }
    if (kind == Kind.synthetic) {
      if (layers < 1) {
        throw new ParameterException(
            spec.commandLine(), "--layers must be at least 1, got " + layers);
      }
      SyntheticParakeet.Shape shape = SyntheticParakeet.Shape.parakeet(layers);
      SyntheticParakeet.write(dir, shape, seed);
      out.println(
          "wrote synthetic model to "
              + dir
              + " (encoder-model.onnx, decoder_joint-model.onnx, vocab.txt, config.json): "
              + layers
              + " conformer layers of width "
              + shape.dModel()
              + ", "
              + (shape.vocabulary() + 1)
              + " pieces, seed "
              + seed
              + "; random weights, so transcripts are meaningless");
      out.println("try: captionflow bench --batch --model " + dir);
      out.flush();
      return 0;
    }
    List<ToneLanguage.ToneWord> words;
    String files =
        ModelDirectory.encoderFile(p)
            + ", "
            + ModelDirectory.decoderJointFile(p)
            + ", vocab.txt, config.json, sample.wav, sample.expected.json, sample.expected.txt";
    if (kind == Kind.wavering) {
      words = WaveringToneFixture.write(dir).words();
      files += ", sample.words.txt";
    } else {
      words = ToneLanguageFixture.write(dir, p).words();
    }
    out.println("wrote " + kind.id() + " fixture model to " + dir + " (" + files + ")");
    for (ToneLanguage.ToneWord w : words) {
      out.println(String.format(Locale.ROOT, "  %-10s %7.2f Hz", w.text(), w.frequencyHz()));
    }
    out.println(
        "try: captionflow transcribe "
            + dir.resolve("sample.wav")
            + " --model "
            + dir
            + (p == RecognizerConfig.Precision.FP32 ? "" : " --precision " + p.id()));
    out.flush();
    return 0;
  }

  private int writeCacheAware(PrintWriter out) {
    SyntheticCacheAware.ChunkSize chunk;
    try {
      chunk = new SyntheticCacheAware.ChunkSize(chunkMs == null ? 160 : chunkMs);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    SyntheticCacheAware.Shape shape =
        tiny ? SyntheticCacheAware.Shape.TINY : SyntheticCacheAware.Shape.NEMOTRON_0_6B;
    SyntheticCacheAware.write(dir, shape, chunk, seed);
    out.println(
        "wrote synthetic cache-aware model to "
            + dir
            + " (encoder.onnx, encoder.data, decoder.onnx, joiner.onnx, tokens.txt): "
            + shape.layers()
            + " layers of width "
            + shape.dModel()
            + ", left context "
            + shape.leftContext()
            + ", "
            + chunk.ms()
            + " ms chunks (window_size "
            + chunk.window()
            + ", chunk_shift "
            + chunk.shift()
            + "), "
            + (shape.vocabulary() + 1)
            + " tokens, seed "
            + seed
            + "; random weights, so transcripts are meaningless");
    out.flush();
    return 0;
  }
}
