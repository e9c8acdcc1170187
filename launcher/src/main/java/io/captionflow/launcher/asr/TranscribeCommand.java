package io.captionflow.launcher.asr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captionflow.asr.LongFormTranscriber;
import io.captionflow.asr.TimedWord;
import io.captionflow.asr.Transcript;
import io.captionflow.asr.parakeet.ModelLoadException;
import io.captionflow.asr.parakeet.ParakeetRecognizer;
import io.captionflow.asr.parakeet.RecognizerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow transcribe FILE}: one line per word ("start end word"), or JSON with --json.
 */
@Command(
    name = "transcribe",
    mixinStandardHelpOptions = true,
    description = {
      "Transcribe a WAV file with Parakeet TDT (any rate, resampled to 16 kHz).",
      "With --stream (captionflow CLI): run the streaming job on the file instead and print segments as they are "
          + "confirmed; see 'captionflow transcribe --stream --help'."
    })
public final class TranscribeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "WAV file")
  Path file;

  @Option(
      names = "--model",
      description =
          "model directory (default: $PARAKEET_MODEL_DIR or ~/.cache/captionflow/models/parakeet-tdt-0.6b-v3)")
  Path model;

  @Option(
      names = "--precision",
      description = "fp32, fp16 or int8 model files (default: $CAPTIONFLOW_PRECISION or fp32)")
  String precision;

  @Option(
      names = "--device",
      description = "cpu, cuda or cuda:N (default: $CAPTIONFLOW_DEVICE or cpu)")
  String device;

  @Option(names = "--json", description = "print JSON: text and words with start/end/confidence")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RecognizerConfig config;
    try {
      config = RecognizerConfig.fromEnvironment(System.getenv());
      if (precision != null) {
        config = config.withPrecision(RecognizerConfig.parsePrecision(precision));
      }
      if (model != null) {
        config =
            new RecognizerConfig(
                model, config.precision(), config.device(), 0, config.cudaDevice());
      }
      if (device != null) {
        config = config.withDevice(device);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    float[] samples = AudioFiles.read16kOrExplain(file, err);
    if (samples == null) {
      return 2;
    }
    try (ParakeetRecognizer recognizer = ParakeetRecognizer.load(config)) {
      Transcript transcript = LongFormTranscriber.transcribe(recognizer, samples);
      if (json) {
        out.println(toJson(transcript, samples.length / 16000.0));
      } else {
        transcript.words().forEach(w -> out.println(w.toLine()));
      }
      out.flush();
      return 0;
    } catch (ModelLoadException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }

  static String toJson(Transcript transcript, double seconds) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("text", transcript.text());
    root.put("audioSeconds", seconds);
    ArrayNode words = root.putArray("words");
    for (TimedWord w : transcript.words()) {
      words
          .addObject()
          .put("word", w.text())
          .put("start", Math.round(w.startSeconds() * 100) / 100.0)
          .put("end", Math.round(w.endSeconds() * 100) / 100.0)
          .put("confidence", w.confidence());
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}
