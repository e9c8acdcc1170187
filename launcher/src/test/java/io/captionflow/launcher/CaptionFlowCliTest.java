package io.captionflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.launcher.asr.TranscribeCommand;
import io.captionflow.launcher.job.StreamTranscribeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CaptionFlowCliTest {

  @Test
  void everySubcommandAnswersHelp() {
    CommandLine cli = CaptionFlowCli.commandLine(new String[0]);
    assertTrue(
        cli.getSubcommands()
            .keySet()
            .containsAll(
                java.util.List.of(
                    "demo",
                    "selftest",
                    "load",
                    "chaos",
                    "kafka",
                    "bridge",
                    "replay",
                    "job",
                    "enhance",
                    "enhancer",
                    "enhance-bench",
                    "sink",
                    "transcribe",
                    "vad",
                    "fixture-model",
                    "download-model",
                    "bench",
                    "stream-bench",
                    "sink-bench",
                    "diarize",
                    "der")),
        cli.getSubcommands().keySet().toString());
    for (String name :
        cli.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList()) {
      StringWriter out = new StringWriter();
      CommandLine fresh = CaptionFlowCli.commandLine(new String[] {name});
      fresh.setOut(new PrintWriter(out));
      assertEquals(0, fresh.execute(name, "--help"), name + ": " + out);
      assertTrue(out.toString().startsWith("Usage: captionflow " + name), name + ": " + out);
    }
  }

  @Test
  void transcribeStreamRoutesToTheStreamingJob() {
    Object whole =
        CaptionFlowCli.commandLine(new String[] {"transcribe", "a.wav"})
            .getSubcommands()
            .get("transcribe")
            .getCommand();
    Object streaming =
        CaptionFlowCli.commandLine(new String[] {"transcribe", "--stream", "a.wav"})
            .getSubcommands()
            .get("transcribe")
            .getCommand();
    assertInstanceOf(TranscribeCommand.class, whole);
    assertInstanceOf(StreamTranscribeCommand.class, streaming);
  }
}
