package io.captionflow.diarization.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.captionflow.diarization.fixture.SortformerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortformerModelTest {

  @TempDir Path dir;

  @Test
  void fixtureLoadsWithStreamingParamsFromMetadata() {
    Path file =
        SortformerFixture.write(dir.resolve("m.onnx"), new StreamingParams(12, 3, 30, 40, 12));
    try (SortformerModel m = SortformerModel.load(SortformerConfig.of(file))) {
      assertEquals(new StreamingParams(12, 3, 30, 40, 12), m.streaming());
      assertEquals(1.2, m.streaming().latencySeconds(), 1e-9);
    }
  }

  @Test
  void missingFileNamesTheVariable() {
    Path file = dir.resolve("nope.onnx");
    ModelContractException e =
        assertThrows(
            ModelContractException.class, () -> SortformerModel.load(SortformerConfig.of(file)));
    assertEquals(
        "Sortformer model not found: "
            + file
            + " is missing (set SORTFORMER_MODEL_PATH to"
            + " diar_streaming_sortformer_4spk-v2.onnx or v2.1.onnx)",
        e.getMessage());
  }

  @Test
  void garbageFileIsNotLoadable() throws Exception {
    Path file = Files.writeString(dir.resolve("text.onnx"), "not a model");
    ModelContractException e =
        assertThrows(
            ModelContractException.class, () -> SortformerModel.load(SortformerConfig.of(file)));
    assertTrue(
        e.getMessage().startsWith("cannot load Sortformer model " + file + " on cpu: "),
        e.getMessage());
  }

  @Test
  void missingInputIsNamed() throws Exception {
    Path file = altered(b -> b.getGraphBuilder().getInputBuilder(5).setName("fifo_len"));
    ModelContractException e =
        assertThrows(
            ModelContractException.class, () -> SortformerModel.load(SortformerConfig.of(file)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "not a streaming Sortformer model: "
                    + file
                    + ": missing input 'fifo_lengths' (expected INT64 rank 1 [batch]); the model has inputs ["),
        e.getMessage());
  }

  @Test
  void wrongTypeIsNamedWithWhatWasExpected() throws Exception {
    Path file =
        altered(
            b ->
                b.getGraphBuilder()
                    .getInputBuilder(3)
                    .getTypeBuilder()
                    .getTensorTypeBuilder()
                    .setElemType(TensorProto.DataType.INT32.getNumber()));
    ModelContractException e =
        assertThrows(
            ModelContractException.class, () -> SortformerModel.load(SortformerConfig.of(file)));
    assertEquals(
        "not a streaming Sortformer model: "
            + file
            + ": input 'spkcache_lengths' must be INT64 rank 1 [batch], found INT32 rank 1 [?]",
        e.getMessage());
  }

  @Test
  void wrongRankIsNamed() throws Exception {
    Path file =
        altered(
            b ->
                b.getGraphBuilder()
                    .getInputBuilder(5)
                    .getTypeBuilder()
                    .getTensorTypeBuilder()
                    .getShapeBuilder()
                    .addDim(
                        ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder()
                            .setDimParam("extra")));
    ModelContractException e =
        assertThrows(
            ModelContractException.class, () -> SortformerModel.load(SortformerConfig.of(file)));
    assertEquals(
        "not a streaming Sortformer model: "
            + file
            + ": input 'fifo_lengths' must be INT64 rank 1 [batch], found INT64 rank 2 [?, ?]",
        e.getMessage());
  }

  private Path altered(Consumer<ModelProto.Builder> change) throws Exception {
    Path good = SortformerFixture.write(dir.resolve("good.onnx"));
    ModelProto.Builder b = ModelProto.parseFrom(Files.readAllBytes(good)).toBuilder();
    change.accept(b);
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, b.build().toByteArray());
    return bad;
  }
}
