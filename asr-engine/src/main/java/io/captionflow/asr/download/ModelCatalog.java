package io.captionflow.asr.download;

import io.captionflow.asr.download.ModelSource.GitHubReleaseArchive;
import io.captionflow.asr.download.ModelSource.HuggingFaceFiles;
import io.captionflow.asr.parakeet.ModelDownloader;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The models {@code download-model} knows: Parakeet TDT v3 (offline) and the sherpa-onnx exports of
 * NeMo's cache-aware streaming transducers (docs: shared CACHE-AWARE-CONTRACT §1, §7). The
 * cache-aware names are the contract's directory names, not yet checked against the live hosts.
 */
public final class ModelCatalog {

  /** The release of k2-fsa/sherpa-onnx that carries its ASR model archives. */
  public static final String SHERPA_REPO = "k2-fsa/sherpa-onnx";

  public static final String SHERPA_TAG = "asr-models";

  public static final String PARAKEET_V3 = "parakeet-tdt-0.6b-v3";

  private static final String NEMOTRON = "sherpa-onnx-nemotron-speech-streaming-en-0.6b-";
  private static final String NEMOTRON_DATE = "-2026-04-25";
  private static final String FAST_CONFORMER =
      "sherpa-onnx-nemo-streaming-fast-conformer-transducer-en-";

  /** Every model, in the order {@code --list} prints them. */
  public static final List<CatalogModel> MODELS = build();

  private ModelCatalog() {}

  /** The model called {@code name}, if the catalog has it. */
  public static Optional<CatalogModel> find(String name) {
    return MODELS.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** What {@code download-model} fetches when no name is given. */
  public static CatalogModel defaultModel() {
    return find(PARAKEET_V3).orElseThrow();
  }

  public static List<String> names() {
    return MODELS.stream().map(CatalogModel::name).toList();
  }

  /** {@code ~/.cache/captionflow/models/NAME}: next to where the recognizer looks by default. */
  public static Path defaultDir(String name) {
    return RecognizerConfig.DEFAULT_MODEL_DIR.resolveSibling(name);
  }

  private static List<CatalogModel> build() {
    List<CatalogModel> models = new ArrayList<>();
    models.add(
        new CatalogModel(
            PARAKEET_V3,
            ModelKind.OFFLINE_TDT,
            OptionalInt.empty(),
            List.of(Precision.FP32, Precision.INT8),
            new HuggingFaceFiles(
                ModelDownloader.DEFAULT_REPO,
                Map.of(
                    Precision.FP32, ModelDownloader.files(Precision.FP32),
                    Precision.INT8, ModelDownloader.files(Precision.INT8))),
            "2.5 GB fp32, 0.7 GB int8",
            "window modes and chunked; best accuracy (6.34 % average WER)",
            false));
    for (int chunkMs : new int[] {80, 160, 560, 1120}) {
      String name = NEMOTRON + chunkMs + "ms-int8" + NEMOTRON_DATE;
      models.add(
          new CatalogModel(
              name,
              ModelKind.CACHE_AWARE,
              OptionalInt.of(chunkMs),
              List.of(Precision.INT8),
              new GitHubReleaseArchive(SHERPA_REPO, SHERPA_TAG, name + ".tar.bz2"),
              "0.7 GB",
              nemotronUse(chunkMs),
              true));
    }
    for (int chunkMs : new int[] {80, 160, 560, 1120}) {
      String name = NEMOTRON + chunkMs + "ms" + NEMOTRON_DATE;
      // over 2 GB with external weights (encoder.data), so Hugging Face only
      models.add(
          new CatalogModel(
              name,
              ModelKind.CACHE_AWARE,
              OptionalInt.of(chunkMs),
              List.of(Precision.FP32),
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
              "2.5 GB",
              nemotronUse(chunkMs),
              true));
    }
    // the old names give the look-ahead; the chunk is one 80 ms frame more (contract §7)
    for (int lookAheadMs : new int[] {80, 480, 1040}) {
      for (Precision precision : List.of(Precision.FP32, Precision.INT8)) {
        String name =
            FAST_CONFORMER + lookAheadMs + "ms" + (precision == Precision.INT8 ? "-int8" : "");
        models.add(
            new CatalogModel(
                name,
                ModelKind.CACHE_AWARE,
                OptionalInt.of(lookAheadMs + 80),
                List.of(precision),
                new GitHubReleaseArchive(SHERPA_REPO, SHERPA_TAG, name + ".tar.bz2"),
                precision == Precision.INT8 ? "0.15 GB" : "0.45 GB",
                "smaller, older FastConformer (114 M params): many streams per CPU",
                true));
      }
    }
    return List.copyOf(models);
  }

  private static String nemotronUse(int chunkMs) {
    return switch (chunkMs) {
      case 80, 160 -> "lowest latency";
      case 560 -> "balance of latency and accuracy";
      case 1120 -> "best WER of the streaming models (7.2 % average per NVIDIA)";
      default -> throw new IllegalArgumentException("no nemotron export with " + chunkMs + " ms");
    };
  }
}
