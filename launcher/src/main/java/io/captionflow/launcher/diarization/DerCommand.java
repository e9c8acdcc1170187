package io.captionflow.launcher.diarization;

import io.captionflow.diarization.scoring.DerResult;
import io.captionflow.diarization.scoring.DerScorer;
import io.captionflow.diarization.scoring.Rttm;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "der",
    mixinStandardHelpOptions = true,
    description = "Diarization error rate of a hypothesis RTTM against a reference RTTM.")
public final class DerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--ref", required = true, paramLabel = "REF.rttm")
  Path ref;

  @Option(names = "--hyp", required = true, paramLabel = "HYP.rttm")
  Path hyp;

  @Option(
      names = "--collar",
      paramLabel = "S",
      defaultValue = "0",
      description =
          "seconds left unscored on each side of every reference boundary (md-eval -c; default: ${DEFAULT-VALUE})")
  double collar;

  @Override
  public Integer call() throws Exception {
    if (!(collar >= 0)) {
      spec.commandLine().getErr().println("--collar must be >= 0, got " + collar);
      return 2;
    }
    DerResult r = new DerScorer(collar).score(Rttm.read(ref), Rttm.read(hyp));
    spec.commandLine().getOut().println(r.summary());
    spec.commandLine().getOut().println("speaker mapping (hyp -> ref): " + r.speakerMapping());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
