package io.captionflow.diarization.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RttmTest {

  @Test
  void readsSpeakerLinesAndSkipsTheRest() {
    String text =
        ";; comment\n\nSPKR-INFO f 1 <NA> <NA> <NA> unknown A <NA> <NA>\n"
            + "SPEAKER f 1 6.690 0.430 <NA> <NA> speaker90 <NA> <NA>\n"
            + "SPEAKER f 1 7.550 0.800 <NA> <NA> speaker91 <NA> <NA>\n";
    List<SpeakerTurn> turns = Rttm.parse(text);
    assertEquals(
        List.of(
            new SpeakerTurn("f", 1, 6.69, 6.69 + 0.43, "speaker90"),
            new SpeakerTurn("f", 1, 7.55, 7.55 + 0.8, "speaker91")),
        turns);
  }

  @Test
  void writeThenReadRoundTrips(@TempDir Path dir) throws Exception {
    List<SpeakerTurn> turns =
        List.of(
            new SpeakerTurn("rec", 1, 0.08, 1.36, "spk0"),
            new SpeakerTurn("rec", 1, 1.36, 2.0, "spk1"));
    Path file = dir.resolve("x.rttm");
    Rttm.write(file, turns);
    assertEquals(
        "SPEAKER rec 1 0.080 1.280 <NA> <NA> spk0 <NA> <NA>",
        java.nio.file.Files.readAllLines(file).get(0));
    List<SpeakerTurn> back = Rttm.read(file);
    assertEquals(2, back.size());
    assertEquals(1.36, back.get(0).end(), 1e-9);
    assertEquals("spk1", back.get(1).speaker());
  }

  @Test
  void badLineIsNamed() {
    RttmFormatException e =
        assertThrows(
            RttmFormatException.class,
            () ->
                Rttm.parse(
                    "SPEAKER f 1 0.0 1.0 <NA> <NA> a <NA> <NA>\nSPEAKER f 1 abc 1.0 <NA> <NA> a <NA> <NA>\n"));
    assertEquals("line 2: start must be a number of seconds, found 'abc'", e.getMessage());
  }

  @Test
  void readsTheSharedReference() throws Exception {
    Path rttm =
        Path.of(System.getenv("CAPTIONFLOW_REPO_ROOT"))
            .resolve("../shared/testdata/diarization/two-speakers/sample.rttm");
    List<SpeakerTurn> turns = Rttm.read(rttm);
    assertEquals(new SpeakerTurn("sample", 1, 6.69, 6.69 + 0.43, "speaker90"), turns.get(0));
    assertEquals(
        List.of("speaker90", "speaker91"),
        turns.stream().map(SpeakerTurn::speaker).distinct().sorted().toList());
  }
}
