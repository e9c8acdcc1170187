package io.captionflow.asr.download;

import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.util.List;
import java.util.Map;

/** Where a catalog model's files come from. */
public sealed interface ModelSource {

  /** The repository on its host, {@code owner/name}. */
  String repo();

  /** Where the files come from, as {@code download-model --list} prints it. */
  String describe();

  /** Files fetched one by one from a Hugging Face repository, a list per precision. */
  record HuggingFaceFiles(String repo, Map<Precision, List<String>> files) implements ModelSource {
    public HuggingFaceFiles {
      if (files.isEmpty() || files.values().stream().anyMatch(List::isEmpty)) {
        throw new IllegalArgumentException(repo + ": every precision needs at least one file");
      }
      files = Map.copyOf(files);
    }

    @Override
    public String describe() {
      return "huggingface " + repo;
    }
  }

  /**
   * One {@code .tar.bz2} asset of a GitHub release, unpacked into the model directory without its
   * top directory.
   */
  record GitHubReleaseArchive(String repo, String tag, String asset) implements ModelSource {
    public GitHubReleaseArchive {
      if (!asset.endsWith(".tar.bz2")) {
        throw new IllegalArgumentException(asset + ": only .tar.bz2 archives are unpacked");
      }
    }

    @Override
    public String describe() {
      return "github " + repo + " release " + tag;
    }
  }
}
