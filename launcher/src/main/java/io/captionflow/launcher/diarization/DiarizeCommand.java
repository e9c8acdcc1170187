package io.captionflow.launcher.diarization;

import io.captionflow.audio.PcmAudio;
import io.captionflow.audio.WavReader;
import io.captionflow.diarization.model.SortformerConfig;
import io.captionflow.diarization.model.SortformerModel;
import io.captionflow.diarization.model.StreamingParams;
import io.captionflow.diarization.scoring.Rttm;
import io.captionflow.diarization.scoring.SpeakerTurn;
import io.captionflow.diarization.streaming.FileDiarizer;
import io.captionflow.diarization.streaming.SpeakerActivity;
import io.captionflow.diarization.streaming.StreamingDiarizer;
import io.captionflow.diarization.timeline.SpeakerTurns;
import io.captionflow.diarization.timeline.TurnParams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "diarize",
    mixinStandardHelpOptions = true,
    description = "Prints who spoke when in a 16 kHz WAV file (streaming Sortformer).")
public final class DiarizeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "16 kHz WAV file")
  Path file;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description = "Sortformer ONNX file (default: $SORTFORMER_MODEL_PATH)")
  Path model;

  @Option(names = "--rttm", description = "print RTTM SPEAKER lines instead of a table")
  boolean rttm;

  @Option(
      names = "--max-speakers",
      paramLabel = "N",
      defaultValue = "4",
      description = "1 to 4 (default: ${DEFAULT-VALUE})")
  int maxSpeakers;

  @Option(
      names = "--post",
      paramLabel = "NAME",
      defaultValue = "callhome",
      description = "turn post-processing: callhome, dihard3 or plain (default: ${DEFAULT-VALUE})")
  String post;

  @Option(
      names = "--low-latency",
      description = "1.04 s streaming chunks (6 + 7 frames) instead of the model's own")
  boolean lowLatency;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (maxSpeakers < 1 || maxSpeakers > SortformerModel.SPEAKERS) {
      err.println("--max-speakers must be 1 to 4, got " + maxSpeakers);
      return 2;
    }
    TurnParams params =
        switch (post) {
          case "callhome" -> TurnParams.callhome();
          case "dihard3" -> TurnParams.dihard3();
          case "plain" -> TurnParams.plain();
          default -> null;
        };
    if (params == null) {
      err.println("--post must be callhome, dihard3 or plain, got '" + post + "'");
      return 2;
    }
    Optional<SortformerConfig> config =
        model != null
            ? Optional.of(SortformerConfig.of(model))
            : SortformerConfig.fromEnvironment(System.getenv());
    if (config.isEmpty()) {
      err.println("no model: pass --model PATH or set " + SortformerConfig.MODEL_PATH_ENV);
      return 2;
    }
    PcmAudio audio = WavReader.read(file);
    if (audio.sampleRate() != 16_000) {
      err.println(file + ": sample rate " + audio.sampleRate() + " Hz; diarization needs 16000 Hz");
      return 2;
    }
    SortformerConfig c =
        lowLatency ? config.get().withStreaming(StreamingParams.LOW_LATENCY) : config.get();
    try (SortformerModel m = SortformerModel.load(c)) {
      SpeakerActivity activity = FileDiarizer.diarize(new StreamingDiarizer(m), audio.samples());
      String id = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").replace(' ', '_');
      List<SpeakerTurn> turns = SpeakerTurns.of(activity, params, maxSpeakers, id);
      if (rttm) {
        out.print(Rttm.format(turns));
      } else {
        for (SpeakerTurn t : turns) {
          out.println(
              String.format(Locale.ROOT, "%8.2f %8.2f  %s", t.start(), t.end(), t.speaker()));
        }
      }
    }
    out.flush();
    return 0;
  }
}
