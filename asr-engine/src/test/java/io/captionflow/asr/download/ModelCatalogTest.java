package io.captionflow.asr.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captionflow.asr.download.ModelSource.GitHubReleaseArchive;
import io.captionflow.asr.download.ModelSource.HuggingFaceFiles;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

  @Test
  void parakeetIsTheDefaultAndLandsWhereTheRecognizerLooks() {
    CatalogModel parakeet = ModelCatalog.defaultModel();

    assertEquals("parakeet-tdt-0.6b-v3", parakeet.name());
    assertEquals(List.of(Precision.FP32, Precision.INT8), parakeet.precisions());
    assertEquals(
        new HuggingFaceFiles(
            "istupakov/parakeet-tdt-0.6b-v3-onnx",
            Map.of(
                Precision.FP32,
                List.of(
                    "config.json",
                    "vocab.txt",
                    "decoder_joint-model.onnx",
                    "encoder-model.onnx",
                    "encoder-model.onnx.data"),
                Precision.INT8,
                List.of(
                    "config.json",
                    "vocab.txt",
                    "decoder_joint-model.int8.onnx",
                    "encoder-model.int8.onnx"))),
        parakeet.source());
    assertEquals(RecognizerConfig.DEFAULT_MODEL_DIR, ModelCatalog.defaultDir(parakeet.name()));
  }

  @Test
  void theNemotronInt8ExportsAreReleaseArchivesNamedAfterTheirChunk() {
    for (int ms : new int[] {80, 160, 560, 1120}) {
      String name = "sherpa-onnx-nemotron-speech-streaming-en-0.6b-" + ms + "ms-int8-2026-04-25";
      CatalogModel model = ModelCatalog.find(name).orElseThrow();
      assertEquals(ModelKind.CACHE_AWARE, model.kind());
      assertEquals(OptionalInt.of(ms), model.chunkMs());
      assertEquals(List.of(Precision.INT8), model.precisions());
      assertEquals(
          new GitHubReleaseArchive("k2-fsa/sherpa-onnx", "asr-models", name + ".tar.bz2"),
          model.source());
    }
  }

  @Test
  void theNemotronFp32ExportsAreHuggingFaceFilesWithExternalWeights() {
    for (int ms : new int[] {80, 160, 560, 1120}) {
      String name = "sherpa-onnx-nemotron-speech-streaming-en-0.6b-" + ms + "ms-2026-04-25";
      CatalogModel model = ModelCatalog.find(name).orElseThrow();
      assertEquals(OptionalInt.of(ms), model.chunkMs());
      assertEquals(
          new HuggingFaceFiles(
              "csukuangfj/" + name,
              Map.of(
                  Precision.FP32,
                  List.of(
                      "tokens.txt",
                      "decoder.onnx",
                      "joiner.onnx",
                      "encoder.onnx",
                      "encoder.data"))),
          model.source());
    }
  }

  @Test
  void theOldFastConformerNamesGiveTheLookAheadNotTheChunk() {
    int[][] lookAheadToChunk = {{80, 160}, {480, 560}, {1040, 1120}};
    for (int[] pair : lookAheadToChunk) {
      for (String suffix : List.of("", "-int8")) {
        String name =
            "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-" + pair[0] + "ms" + suffix;
        CatalogModel model = ModelCatalog.find(name).orElseThrow();
        assertEquals(OptionalInt.of(pair[1]), model.chunkMs(), name);
        assertEquals(
            List.of(suffix.isEmpty() ? Precision.FP32 : Precision.INT8), model.precisions(), name);
        assertEquals(
            new GitHubReleaseArchive("k2-fsa/sherpa-onnx", "asr-models", name + ".tar.bz2"),
            model.source());
      }
    }
  }

  @Test
  void namesAreUniqueAndOnlyParakeetIsChecked() {
    assertEquals(15, ModelCatalog.names().size());
    assertEquals(15, ModelCatalog.names().stream().distinct().count());
    assertEquals(
        List.of("parakeet-tdt-0.6b-v3"),
        ModelCatalog.MODELS.stream()
            .filter(m -> !m.unverifiedName())
            .map(CatalogModel::name)
            .toList());
  }

  @Test
  void aModelWhoseFilesDoNotMatchItsPrecisionsIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CatalogModel(
                    "m",
                    ModelKind.OFFLINE_TDT,
                    OptionalInt.empty(),
                    List.of(Precision.FP32, Precision.INT8),
                    new HuggingFaceFiles("o/r", Map.of(Precision.FP32, List.of("a.onnx"))),
                    "1 GB",
                    "tests",
                    false));
    assertEquals("m: files are listed for [FP32], not [FP32, INT8]", e.getMessage());
  }

  @Test
  void aCacheAwareModelNeedsAChunkSize() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CatalogModel(
                    "m",
                    ModelKind.CACHE_AWARE,
                    OptionalInt.empty(),
                    List.of(Precision.INT8),
                    new GitHubReleaseArchive("o/r", "t", "m.tar.bz2"),
                    "1 GB",
                    "tests",
                    true));
    assertEquals("m: cache-aware models have a chunk size, offline ones none", e.getMessage());
  }
}
