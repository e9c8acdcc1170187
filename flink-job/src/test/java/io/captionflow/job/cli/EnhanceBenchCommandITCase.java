package io.captionflow.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code enhance-bench} on the fixture: the generated session's every word, in its phrases. */
class EnhanceBenchCommandITCase {

  @Test
  void theFixtureHearsEveryGeneratedWord() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new EnhanceBenchCommand());
    cli.setOut(new PrintWriter(out, true));

    assertEquals(0, cli.execute("--seconds", "20"));

    JsonNode result = new ObjectMapper().readTree(out.toString());
    assertEquals("fixture", result.get("model").asText());
    assertEquals(20.0, result.get("audioSeconds").asDouble());
    // a phrase of three words every 2 s
    assertEquals(30, result.get("expectedWords").asInt());
    assertEquals(30, result.get("words").asInt());
    assertEquals(10, result.get("segments").asInt());
  }
}
