package io.captionflow.launcher.job;

import io.captionflow.job.enhance.EnhancementOptions;
import io.captionflow.job.enhance.RunToEnhance;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow enhance --session ID [--run N]}: the enhanced transcript of a recorded run,
 * now: re-transcribes its whole recording from the audio topic with full context (and speakers, if
 * the session asked for them), writes it to the segments topic, and prints a summary with how far
 * the live subtitles were from it.
 */
@Command(
    name = "enhance",
    mixinStandardHelpOptions = true,
    description = {
      "Re-transcribe a recorded session's run from the audio topic with full context (the enhanced",
      "transcript): EnhancedSegment events and an ENHANCED status on the segments topic, then a",
      "summary line (words, audio, wall time, live-vs-enhanced word differences). The run must have",
      "ended. Progress goes to standard error."
    })
public final class EnhanceCommand implements Callable<Integer> {

  @Mixin RunToEnhance run = new RunToEnhance();

  @Mixin EnhancementOptions options = new EnhancementOptions();

  @Mixin EnhancementCluster cluster = new EnhancementCluster();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return run.enhance(options, cluster, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
