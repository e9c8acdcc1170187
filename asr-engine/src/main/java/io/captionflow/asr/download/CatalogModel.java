package io.captionflow.asr.download;

import io.captionflow.asr.parakeet.RecognizerConfig.Precision;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * One model {@code download-model --name} can fetch.
 *
 * @param name the catalog name, also the default directory's name
 * @param chunkMs the audio a cache-aware model encodes per step (contract §7; the old
 *     fast-conformer names give the look-ahead, not the chunk); empty for offline models
 * @param precisions what the host publishes, the default first
 * @param approxSize download size, estimated from the parameter count
 * @param use what to pick it for
 * @param unverifiedName true when the name comes from the cache-aware contract's directory names
 *     and nobody has checked it against the live host yet
 */
public record CatalogModel(
    String name,
    ModelKind kind,
    OptionalInt chunkMs,
    List<Precision> precisions,
    ModelSource source,
    String approxSize,
    String use,
    boolean unverifiedName) {

  public CatalogModel {
    precisions = List.copyOf(precisions);
    if (precisions.isEmpty()) {
      throw new IllegalArgumentException(name + ": no precision");
    }
    if (chunkMs.isPresent() != (kind == ModelKind.CACHE_AWARE)) {
      throw new IllegalArgumentException(
          name + ": cache-aware models have a chunk size, offline ones none");
    }
    if (source instanceof ModelSource.HuggingFaceFiles hf
        && !hf.files().keySet().equals(new HashSet<>(precisions))) {
      throw new IllegalArgumentException(
          name + ": files are listed for " + hf.files().keySet() + ", not " + precisions);
    }
    if (source instanceof ModelSource.GitHubReleaseArchive && precisions.size() != 1) {
      throw new IllegalArgumentException(name + ": one archive holds one precision");
    }
  }

  /** The precision fetched when none is asked for. */
  public Precision defaultPrecision() {
    return precisions.get(0);
  }
}
