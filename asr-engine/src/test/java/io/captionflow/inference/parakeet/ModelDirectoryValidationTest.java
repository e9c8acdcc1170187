package io.captionflow.inference.parakeet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.captionflow.audio.WavReader;
import io.captionflow.inference.fixture.ToneLanguageFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong or partial model directory fails with one line naming the file or tensor and what was
 * expected.
 */
class ModelDirectoryValidationTest {

  @TempDir Path dir;

  private String loadError() {
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () -> ParakeetRecognizer.load(RecognizerConfig.of(dir)).close());
    assertTrue(e.getMessage().lines().count() == 1, "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void theFixtureLoadsAndReportsItsShape() {
    ToneLanguageFixture.write(dir);
    try (ParakeetRecognizer r = ParakeetRecognizer.load(RecognizerConfig.of(dir))) {
      assertEquals(16, r.vocabulary().size());
      assertEquals(15, r.vocabulary().blank());
      assertEquals(0.08, r.frameSeconds(), 1e-12);
      assertEquals(10, r.maxTokensPerStep());
      assertTrue(r.vocabulary().isSpecial(2));
    }
  }

  @Test
  void missingDirectory() {
    Path missing = dir.resolve("nope");
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> ParakeetRecognizer.load(RecognizerConfig.of(missing)));
    assertEquals(
        "model directory "
            + missing
            + " does not exist (set PARAKEET_MODEL_DIR or --model, or run"
            + " 'captionflow download-model')",
        e.getMessage());
  }

  @Test
  void missingDecoderFile() throws IOException {
    ToneLanguageFixture.write(dir);
    Files.delete(dir.resolve("decoder_joint-model.onnx"));
    assertEquals("model directory " + dir + " has no decoder_joint-model.onnx", loadError());
  }

  @Test
  void int8RequestedButOnlyFp32Present() {
    ToneLanguageFixture.write(dir);
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                ParakeetRecognizer.load(
                    RecognizerConfig.of(dir).withPrecision(RecognizerConfig.Precision.INT8)));
    assertEquals(
        "model directory "
            + dir
            + " has no encoder-model.int8.onnx (the fp32 files are there: use"
            + " --precision fp32)",
        e.getMessage());
  }

  @Test
  void anInt8OnlyDirectoryLoadsWithInt8AndTranscribesTheSample() throws IOException {
    ToneLanguageFixture.write(dir, RecognizerConfig.Precision.INT8);
    assertEquals(
        List.of(
            "config.json",
            "decoder_joint-model.int8.onnx",
            "encoder-model.int8.onnx",
            "sample.expected.json",
            "sample.expected.txt",
            "sample.wav",
            "vocab.txt"),
        fileNames());
    try (ParakeetRecognizer r =
        ParakeetRecognizer.load(
            RecognizerConfig.of(dir).withPrecision(RecognizerConfig.Precision.INT8))) {
      float[] sample = WavReader.read(dir.resolve("sample.wav")).samples();
      assertEquals(ToneLanguageFixture.SAMPLE_TEXT, r.transcribe(sample).text());
    }
    assertEquals(
        "model directory "
            + dir
            + " has no encoder-model.onnx (the int8 files are there: use --precision int8)",
        loadError());
  }

  @Test
  void fp16FilesCarryTheirSuffix() {
    ToneLanguageFixture.write(dir, RecognizerConfig.Precision.FP16);
    try (ParakeetRecognizer r =
        ParakeetRecognizer.load(
            RecognizerConfig.of(dir).withPrecision(RecognizerConfig.Precision.FP16))) {
      assertEquals(16, r.vocabulary().size());
    }
  }

  @Test
  void everyPrecisionPresentIsNamedWhenTheAskedOneIsMissing() {
    ToneLanguageFixture.write(dir, RecognizerConfig.Precision.FP32);
    ToneLanguageFixture.write(dir, RecognizerConfig.Precision.INT8);
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                ParakeetRecognizer.load(
                    RecognizerConfig.of(dir).withPrecision(RecognizerConfig.Precision.FP16)));
    assertEquals(
        "model directory "
            + dir
            + " has no encoder-model.fp16.onnx (the fp32 and int8 files are there: use"
            + " --precision fp32 or --precision int8)",
        e.getMessage());
  }

  private List<String> fileNames() throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void missingVocabulary() throws IOException {
    ToneLanguageFixture.write(dir);
    Files.delete(dir.resolve("vocab.txt"));
    assertEquals(
        "model directory " + dir + " has no vocab.txt (one 'piece id' per line)", loadError());
  }

  @Test
  void vocabularySizeDoesNotMatchTheJoint() throws IOException {
    ToneLanguageFixture.write(dir);
    List<String> lines = Files.readAllLines(dir.resolve("vocab.txt"), StandardCharsets.UTF_8);
    // drop the last word piece, renumber the blank: 15 pieces for a 16-piece joint
    lines.remove(lines.size() - 2);
    lines.set(lines.size() - 1, "<blk> " + (lines.size() - 1));
    Files.write(dir.resolve("vocab.txt"), lines, StandardCharsets.UTF_8);
    assertEquals(
        "decoder_joint-model.onnx: output 'outputs' has 21 values per step, expected V + 5 = 20 for the 15"
            + " pieces of vocab.txt (wrong vocab.txt for this model?)",
        loadError());
  }

  @Test
  void wrongInputName() throws IOException {
    ToneLanguageFixture.write(dir);
    rewrite("encoder-model.onnx", g -> rename(g, "length", "lengths"));
    assertEquals(
        "encoder-model.onnx: no input named 'length' [B] (it has audio_signal, lengths)",
        loadError());
  }

  @Test
  void wrongRank() throws IOException {
    ToneLanguageFixture.write(dir);
    rewrite(
        "decoder_joint-model.onnx",
        g -> {
          OnnxMl.GraphProto.Builder b = g.toBuilder();
          OnnxMl.ValueInfoProto.Builder in =
              b.getInputBuilder(0); // encoder_outputs [B, 1024, 1] -> [B, 1024]
          in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().removeDim(2);
          return b.build();
        });
    assertEquals(
        "decoder_joint-model.onnx: input 'encoder_outputs' is FLOAT of rank 2, expected FLOAT of rank 3"
            + " [B, 1024, 1]",
        loadError());
  }

  @Test
  void corruptOnnxFile() throws IOException {
    ToneLanguageFixture.write(dir);
    Files.writeString(dir.resolve("encoder-model.onnx"), "not a model");
    String message = loadError();
    assertTrue(
        message.startsWith("cannot load " + dir.resolve("encoder-model.onnx") + ": "), message);
  }

  @Test
  void badConfigJson() throws IOException {
    ToneLanguageFixture.write(dir);
    Files.writeString(dir.resolve("config.json"), "{\"max_tokens_per_step\": -1}");
    assertEquals(
        dir.resolve("config.json") + ": 'max_tokens_per_step' must be a positive integer, found -1",
        loadError());
  }

  private void rewrite(String file, UnaryOperator<OnnxMl.GraphProto> change) throws IOException {
    OnnxMl.ModelProto model;
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      model = OnnxMl.ModelProto.parseFrom(in);
    }
    model = model.toBuilder().setGraph(change.apply(model.getGraph())).build();
    try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
      model.writeTo(out);
    }
  }

  /**
   * Renames a tensor everywhere in a graph, so the model stays valid and only the name is wrong.
   */
  private static OnnxMl.GraphProto rename(OnnxMl.GraphProto graph, String from, String to) {
    OnnxMl.GraphProto.Builder b = graph.toBuilder();
    for (OnnxMl.ValueInfoProto.Builder v : b.getInputBuilderList()) {
      if (v.getName().equals(from)) {
        v.setName(to);
      }
    }
    for (OnnxMl.NodeProto.Builder n : b.getNodeBuilderList()) {
      for (int i = 0; i < n.getInputCount(); i++) {
        if (n.getInput(i).equals(from)) {
          n.setInput(i, to);
        }
      }
    }
    return b.build();
  }
}
