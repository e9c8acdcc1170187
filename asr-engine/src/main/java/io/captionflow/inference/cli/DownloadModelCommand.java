package io.captionflow.inference.cli;

import io.captionflow.inference.parakeet.ModelDownloader;
import io.captionflow.inference.parakeet.RecognizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code captionflow download-model}: fetches the real Parakeet TDT 0.6B v3 ONNX files from Hugging
 * Face.
 */
@Command(
    name = "download-model",
    mixinStandardHelpOptions = true,
    description =
        "Download Parakeet TDT 0.6B v3 (ONNX, istupakov/parakeet-tdt-0.6b-v3-onnx) from Hugging Face;"
            + " resumable, checksum-verified.")
public final class DownloadModelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      description = "target directory (default: ~/.cache/captionflow/models/parakeet-tdt-0.6b-v3)")
  Path dir = RecognizerConfig.DEFAULT_MODEL_DIR;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      description = "fp32 (~2.5 GB) or int8 (~0.7 GB); default ${DEFAULT-VALUE}")
  String precision;

  @Option(
      names = "--endpoint",
      defaultValue = ModelDownloader.DEFAULT_ENDPOINT,
      description = "hub URL (default ${DEFAULT-VALUE})")
  String endpoint;

  @Option(
      names = "--repo",
      defaultValue = ModelDownloader.DEFAULT_REPO,
      description = "repository (default ${DEFAULT-VALUE})")
  String repo;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    RecognizerConfig.Precision p;
    List<String> files;
    try {
      p = RecognizerConfig.parsePrecision(precision);
      files = ModelDownloader.files(p);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      new ModelDownloader(endpoint, repo, err).download(dir, files);
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    spec.commandLine()
        .getOut()
        .println(
            "model ready in "
                + dir
                + (p == RecognizerConfig.Precision.INT8
                    ? " (use --precision int8 with transcribe)"
                    : ""));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
