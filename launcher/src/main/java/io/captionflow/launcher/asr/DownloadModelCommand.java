package io.captionflow.launcher.asr;

import io.captionflow.asr.download.CatalogModel;
import io.captionflow.asr.download.GitHubReleaseInstaller;
import io.captionflow.asr.download.ModelCatalog;
import io.captionflow.asr.download.ModelSource;
import io.captionflow.asr.parakeet.ModelDownloader;
import io.captionflow.asr.parakeet.RecognizerConfig;
import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow download-model}: fetches a model of the {@link ModelCatalog} (default:
 * Parakeet TDT 0.6B v3 from Hugging Face), resumable and verified against the digest its host
 * publishes.
 */
@Command(
    name = "download-model",
    mixinStandardHelpOptions = true,
    description = {
      "Download a model: Parakeet TDT 0.6B v3 (ONNX, istupakov/parakeet-tdt-0.6b-v3-onnx) from"
          + " Hugging Face by default, or a cache-aware streaming model by --name (--list shows"
          + " them); resumable, checksum-verified."
    })
public final class DownloadModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--name",
      defaultValue = ModelCatalog.PARAKEET_V3,
      description = "the model (default ${DEFAULT-VALUE}); --list shows the catalog")
  String name;

  @Option(names = "--list", description = "print the catalog and exit")
  boolean list;

  @Option(
      names = "--dir",
      description = "target directory (default: ~/.cache/captionflow/models/NAME)")
  Path dir;

  @Option(
      names = "--precision",
      description =
          "fp32 (~2.5 GB, the default) or int8 (~0.7 GB) for "
              + ModelCatalog.PARAKEET_V3
              + "; the other models come in the one precision their name says")
  String precision;

  @Option(
      names = "--endpoint",
      defaultValue = ModelDownloader.DEFAULT_ENDPOINT,
      description = "Hugging Face hub URL (default ${DEFAULT-VALUE})")
  String endpoint;

  @Option(
      names = "--api-endpoint",
      defaultValue = GitHubReleaseInstaller.DEFAULT_API,
      description = "GitHub API URL for release archives (default ${DEFAULT-VALUE})")
  String apiEndpoint;

  @Option(names = "--repo", description = "repository owner/name (default: the catalog's)")
  String repo;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      catalogTable().forEach(out::println);
      out.flush();
      return 0;
    }
    CatalogModel model = ModelCatalog.find(name).orElse(null);
    Precision p;
    try {
      if (model == null) {
        throw new IllegalArgumentException(
            "unknown model '"
                + name
                + "'; known models: "
                + String.join(", ", ModelCatalog.names())
                + " (download-model --list describes them)");
      }
      p = precision(model);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    }
    Path target = dir != null ? dir : ModelCatalog.defaultDir(model.name());
    try {
      if (model.source() instanceof ModelSource.HuggingFaceFiles hf) {
        new ModelDownloader(endpoint, repo != null ? repo : hf.repo(), err)
            .download(target, hf.files().get(p));
      } else if (model.source() instanceof ModelSource.GitHubReleaseArchive archive) {
        new GitHubReleaseInstaller(apiEndpoint, err)
            .install(
                repo != null
                    ? new ModelSource.GitHubReleaseArchive(repo, archive.tag(), archive.asset())
                    : archive,
                target);
      }
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    boolean parakeetInt8 = model.name().equals(ModelCatalog.PARAKEET_V3) && p == Precision.INT8;
    out.println(
        "model ready in "
            + target
            + (parakeetInt8 ? " (use --precision int8 with transcribe)" : ""));
    out.flush();
    return 0;
  }

  /** --precision, or the model's default; one the host does not publish is refused. */
  private Precision precision(CatalogModel model) {
    if (precision == null || precision.isBlank()) {
      return model.defaultPrecision();
    }
    Precision p = RecognizerConfig.parsePrecision(precision);
    if (model.precisions().contains(p)) {
      return p;
    }
    if (p == Precision.FP16 && model.name().equals(ModelCatalog.PARAKEET_V3)) {
      throw new IllegalArgumentException(ModelDownloader.NO_FP16_DOWNLOAD);
    }
    throw new IllegalArgumentException(
        model.name()
            + " is published in "
            + model.precisions().stream().map(Precision::id).collect(Collectors.joining(", "))
            + " only; other precisions have other names (download-model --list)");
  }

  /** The catalog as aligned columns, a header first and a footnote last. */
  static List<String> catalogTable() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAME", "KIND", "CHUNK MS", "PRECISION", "APPROX SIZE", "USE", "SOURCE"));
    for (CatalogModel m : ModelCatalog.MODELS) {
      rows.add(
          List.of(
              m.name(),
              m.kind().id(),
              m.chunkMs().isPresent() ? String.valueOf(m.chunkMs().getAsInt()) : "-",
              m.precisions().stream().map(Precision::id).collect(Collectors.joining(", ")),
              m.approxSize(),
              m.use(),
              m.source().describe() + (m.unverifiedName() ? " (name unverified)" : "")));
    }
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.size(); c++) {
        line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", row.get(c)));
      }
      lines.add(line.toString().stripTrailing());
    }
    lines.add(
        "(name unverified): named after the cache-aware contract's directory names, not checked"
            + " against the live host; sizes are estimates from the parameter counts");
    return lines;
  }
}
