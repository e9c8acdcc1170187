package io.captionflow.asr.download;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.captionflow.asr.download.ModelSource.GitHubReleaseArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Installs a model shipped as a GitHub release archive: looks the asset up in the release API
 * ({@code GET /repos/OWNER/NAME/releases/tags/TAG}), refuses it unless the host publishes a sha256
 * digest, downloads it resumably into {@code DIR/ASSET.part}, checks the digest and only then
 * unpacks it into {@code DIR} (without the archive's top directory). {@code
 * DIR/.captionflow-archive} records what was installed, so a second run with the same digest
 * downloads nothing.
 */
public final class GitHubReleaseInstaller {

  public static final String DEFAULT_API = "https://api.github.com";

  /** Names the archive and digest a directory was unpacked from. */
  public static final String MARKER = ".captionflow-archive";

  private static final int ASSETS_PER_PAGE = 100;

  private final String api;
  private final ResumableDownload transfer;
  private final PrintWriter progress;
  private final ObjectMapper json = new ObjectMapper();

  public GitHubReleaseInstaller(String api, PrintWriter progress) {
    this.api = api.replaceAll("/+$", "");
    this.transfer = new ResumableDownload(progress);
    this.progress = progress;
  }

  /** Downloads, verifies and unpacks the archive into {@code dir}. */
  public void install(GitHubReleaseArchive source, Path dir) throws IOException {
    ReleaseAsset asset = find(source);
    String sha256 =
        asset
            .sha256()
            .orElseThrow(
                () ->
                    new IOException(
                        asset.name()
                            + ": the release publishes "
                            + (asset.digest() == null
                                ? "no digest"
                                : "no sha256 digest (only '" + asset.digest() + "')")
                            + " for it, so it cannot be verified; refused, nothing downloaded"));
    if (asset.downloadUrl() == null) {
      throw new IOException(asset.name() + ": the release API names no browser_download_url");
    }
    String stamp = asset.name() + " sha256:" + sha256;
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(stamp)) {
      progress.println(asset.name() + ": already installed in " + dir);
      return;
    }
    Files.createDirectories(dir);
    Path part = dir.resolve(asset.name() + ".part");
    transfer.into(asset.downloadUrl(), part, asset.size(), asset.name());
    String actual = ResumableDownload.sha256(part);
    if (!actual.equals(sha256)) {
      throw new IOException(
          asset.downloadUrl()
              + ": sha256 mismatch (the release announces "
              + sha256
              + ", the download has "
              + actual
              + "); nothing unpacked, the download stays in "
              + part
              + ": delete it to download again");
    }
    progress.println(asset.name() + ": sha256 verified, unpacking");
    Files.deleteIfExists(marker); // the directory is about to change
    List<String> names = TarBz2Extractor.extract(part, asset.name(), dir);
    Files.writeString(marker, stamp + "\n");
    Files.delete(part);
    progress.println(asset.name() + ": unpacked " + String.join(", ", names));
    progress.flush();
  }

  /** The asset as the release API describes it. */
  ReleaseAsset find(GitHubReleaseArchive source) throws IOException {
    URI releaseUrl = URI.create(api + "/repos/" + source.repo() + "/releases/tags/" + source.tag());
    JsonNode release = getJson(releaseUrl);
    Optional<ReleaseAsset> asset = named(release.path("assets"), source.asset());
    // the release object may not list every asset of a big release; the assets endpoint pages
    String assetsUrl = release.path("assets_url").asText("");
    for (int page = 1; asset.isEmpty() && !assetsUrl.isEmpty(); page++) {
      JsonNode assets =
          getJson(URI.create(assetsUrl + "?per_page=" + ASSETS_PER_PAGE + "&page=" + page));
      if (!assets.isArray() || assets.isEmpty()) {
        break;
      }
      asset = named(assets, source.asset());
    }
    return asset.orElseThrow(
        () ->
            new IOException(
                "release "
                    + source.tag()
                    + " of "
                    + source.repo()
                    + " has no asset "
                    + source.asset()
                    + " ("
                    + releaseUrl
                    + "; the catalog's cache-aware names come from the contract and are not"
                    + " checked against the live release)"));
  }

  private static Optional<ReleaseAsset> named(JsonNode assets, String name) {
    for (JsonNode asset : assets) {
      if (name.equals(asset.path("name").asText())) {
        return Optional.of(ReleaseAsset.fromJson(asset));
      }
    }
    return Optional.empty();
  }

  private JsonNode getJson(URI url) throws IOException {
    HttpResponse<String> response =
        transfer.send(
            HttpRequest.newBuilder(url)
                .GET()
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28"),
            url,
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      boolean rateLimited =
          response.headers().firstValue("x-ratelimit-remaining").orElse("").equals("0");
      throw new IOException(
          url
              + " answered HTTP "
              + response.statusCode()
              + (rateLimited
                  ? " (API rate limit reached; unauthenticated calls get 60 an hour)"
                  : ""));
    }
    try {
      return json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new IOException(
          url + " answered something that is not JSON: " + e.getOriginalMessage());
    }
  }
}
