package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captionflow.deploy.Dockerfile.Stage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The images: the Flink job's, and one for both edge apps (bridge and sink); multi-stage Maven
 * builds, non-root runtimes, ONNX Runtime in Flink's lib/.
 */
class DockerfileTest {

  static final String FLINK = "docker/flink-job/Dockerfile";
  static final String EDGE = "docker/edge/Dockerfile";
  static final String AVRO_TRUST = FlinkDeploymentTest.AVRO_TRUST;

  private static void assertNonRoot(Stage stage, String what) {
    String user = stage.user();
    assertNotNull(user, what + " sets no USER: it would run as root");
    assertFalse(
        user.equals("root") || user.equals("0") || user.startsWith("0:"),
        what + " runs as " + user);
  }

  @Test
  void edgeImageBuildsTheModuleAndRunsItsMainClassAsNonRoot() {
    Dockerfile df = Dockerfile.read(EDGE);
    assertEquals(2, df.stages().size(), "build stage + runtime stage");
    Stage build = df.stages().get(0);
    assertTrue(
        build.from().startsWith("maven:") && build.from().contains("temurin-17"), build.from());
    assertEquals(List.of("MODULE"), build.arguments("ARG"));
    assertTrue(build.all("RUN").contains("mvn -B -pl \"${MODULE}\" -am package -DskipTests"));
    assertTrue(build.all("RUN").contains("\"${MODULE}\"/target/\"${MODULE}\"-*-app.jar"));

    Stage runtime = df.last();
    assertEquals("eclipse-temurin:17-jre", runtime.from());
    assertNonRoot(runtime, EDGE);
    assertEquals(List.of("MAIN_CLASS", "PORT", "HEALTH_PATH=/health"), runtime.arguments("ARG"));
    assertEquals(List.of("${PORT}"), runtime.arguments("EXPOSE"));
    assertTrue(
        runtime.all("ENV").contains("EDGE_HEALTH_URL=http://127.0.0.1:${PORT}${HEALTH_PATH}"));
    assertTrue(runtime.all("HEALTHCHECK").contains("curl -fsS \"$EDGE_HEALTH_URL\""));
    assertTrue(runtime.all("ENV").contains("EDGE_MAIN_CLASS=${MAIN_CLASS}"));
    List<String> entrypoint = Yaml.bind(Yaml.parse(runtime.all("ENTRYPOINT")), List.class);
    assertEquals(List.of("sh", "-c"), entrypoint.subList(0, 2));
    String java = entrypoint.get(2);
    assertTrue(java.startsWith("exec java "), "java replaces the shell as PID 1: " + java);
    assertTrue(java.contains(AVRO_TRUST), "decoding JVM needs " + AVRO_TRUST);
    assertTrue(java.endsWith(" \"$EDGE_MAIN_CLASS\" \"$@\""), java);
    assertTrue(
        runtime.all("COPY").startsWith("--from=build "),
        "only the built jar enters the runtime image");
  }

  /** The runbook builds each edge app with its module, its jar's main class and its port. */
  @ParameterizedTest
  @CsvSource({
    "subtitle-sink, 8080, io.captionflow.sink.SubtitleSinkMain",
    "ingest-bridge, 8082, io.captionflow.ingest.IngestBridgeMain"
  })
  void edgeAppIsBuiltWithItsModuleMainClassAndPort(String module, int port, String mainClass) {
    assertTrue(
        Repo.read("docs/runbook.md")
            .contains(
                "docker build -f "
                    + EDGE
                    + " --build-arg MODULE="
                    + module
                    + " --build-arg MAIN_CLASS="
                    + mainClass
                    + " --build-arg PORT="
                    + port
                    + " -t captionflow/"
                    + module
                    + ":$VERSION ."),
        module);
    NodeList mainClasses = Repo.pom(module + "/pom.xml").getElementsByTagName("mainClass");
    assertEquals(1, mainClasses.getLength(), module + "'s fat jar names one main class");
    assertEquals(mainClass, mainClasses.item(0).getTextContent().strip());
  }

  @Test
  void flinkImageIsTheFlinkVersionOfTheBuildOnJava17() {
    Dockerfile df = Dockerfile.read(FLINK);
    assertEquals(
        "flink:" + Repo.property("flink.version") + "-java17", df.stage("runtime-cpu").from());
    assertEquals("runtime-cpu", df.stage("runtime-cuda").from());
    assertEquals("runtime-${VARIANT}", df.last().from(), "VARIANT picks the CPU or CUDA runtime");
    assertTrue(
        df.preamble().stream().anyMatch(i -> i.arguments().equals("VARIANT=cpu")),
        "CPU by default");
    assertNonRoot(df.stage("runtime-cpu"), "runtime-cpu");
    assertNonRoot(df.stage("runtime-cuda"), "runtime-cuda");
  }

  @Test
  void flinkImageBuildsTheJobJarIntoUsrlibAndOnnxRuntimeIntoLib() {
    Dockerfile df = Dockerfile.read(FLINK);
    String build = df.stage("build").all("RUN");
    assertTrue(build.contains("mvn -B -pl flink-job -am package -DskipTests"));
    assertTrue(
        build.contains(
            "dependency:copy-dependencies -DincludeGroupIds=com.microsoft.onnxruntime -DoutputDirectory=/out/lib"));
    assertTrue(
        build.contains("profile=\"-Pgpu\""),
        "the CUDA variant builds with the gpu profile (onnxruntime_gpu)");
    assertTrue(build.contains("cp flink-job/target/flink-job-*-job.jar /out/usrlib/"));
    String copies = df.stage("runtime-cpu").all("COPY");
    assertTrue(copies.contains("/out/lib/ /opt/flink/lib/"), "ONNX Runtime in Flink's lib/");
    assertTrue(copies.contains("/out/usrlib/ /opt/flink/usrlib/"), "job jar in usrlib/");
    assertTrue(df.stage("runtime-cuda").all("ENV").contains("CAPTIONFLOW_DEVICE=cuda"));
    assertTrue(
        df.stage("runtime-cuda").all("COPY").contains("libcudnn"), "onnxruntime_gpu needs cuDNN");
  }

  static final String IMAGE_SILERO = "/opt/captionflow/vad/silero_vad_v5.onnx";

  private static String first(String source, String regex) {
    Matcher m = Pattern.compile(regex).matcher(source);
    assertTrue(m.find(), "no " + regex);
    return m.group(1);
  }

  /** Task managers never download at run time: the image carries Silero VAD, checksum-verified. */
  @Test
  void flinkImageCarriesSileroVadFetchedWithThePinnedChecksum() {
    Dockerfile df = Dockerfile.read(FLINK);
    Stage vad = df.stage("vad");
    assertTrue(vad.all("RUN").contains("fetch-silero-vad.sh /out/silero_vad_v5.onnx"));
    assertTrue(
        df.stage("runtime-cpu")
            .all("COPY")
            .contains("--from=vad --chown=flink:flink /out/silero_vad_v5.onnx " + IMAGE_SILERO));
    assertTrue(df.stage("runtime-cpu").all("ENV").contains("SILERO_VAD_MODEL=" + IMAGE_SILERO));

    String script = Repo.read("asr-engine/scripts/fetch-silero-vad.sh");
    String downloader =
        Repo.read("asr-engine/src/main/java/io/captionflow/asr/vad/SileroVadDownloader.java");
    assertEquals(
        first(downloader, "SHA256 =\\s*\"([0-9a-f]{64})\""),
        first(script, "SHA256=\"([0-9a-f]{64})\""),
        "the image and the CLI install the same file");
    assertEquals(
        first(downloader, "PACKAGE = \"([^\"]+)\""), first(script, "PACKAGE=\"([^\"]+)\""));
  }

  /**
   * The job jar must not carry ONNX Runtime: its native library can be loaded only once per JVM.
   */
  @Test
  void jobJarLeavesOnnxRuntimeToFlinksLib() {
    Element pom = Repo.pom("flink-job/pom.xml");
    NodeList includes = pom.getElementsByTagName("include");
    assertTrue(includes.getLength() > 0, "flink-job shades an explicit artifact list");
    for (int i = 0; i < includes.getLength(); i++) {
      assertFalse(
          includes.item(i).getTextContent().contains("onnxruntime"),
          "flink-job's shaded jar includes " + includes.item(i).getTextContent());
    }
  }

  @Test
  void flinkImageEnablesPrometheusAndTrustsTheAvroContracts() {
    Stage runtime = Dockerfile.read(FLINK).stage("runtime-cpu");
    String run = runtime.all("RUN");
    assertTrue(run.contains("for plugin in metrics-prometheus external-resource-gpu s3-fs-hadoop"));
    assertTrue(
        run.contains(
            "factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory"));
    assertTrue(run.contains("port: 9249"));
    assertTrue(
        run.contains(AVRO_TRUST),
        "Avro's trusted package goes into env.java.opts.all of config.yaml");
    assertTrue(
        run.contains("grep -q 'SERIALIZABLE_PACKAGES=io.captionflow.schema'"),
        "the build fails if the config edit did not apply");
    List<String> exposed = List.of(String.join(" ", runtime.arguments("EXPOSE")).split(" "));
    assertTrue(exposed.containsAll(List.of("8081", "9249")), "exposed " + exposed);
  }

  /**
   * The filter the CLI's log config has for Flink 2.2's pendingCommittables warning, as lines "key
   * = value".
   */
  static List<String> pendingCommittablesFilter() {
    return Repo.read("launcher/src/main/config/log4j2-cli.properties")
        .lines()
        .filter(l -> l.startsWith("logger.metricgroup."))
        .toList();
  }

  @Test
  void flinkImageDropsThePerCheckpointPendingCommittablesWarningFromBothLogConfigs() {
    String run = Dockerfile.read(FLINK).stage("runtime-cpu").all("RUN");
    List<String> filter = pendingCommittablesFilter();
    assertEquals(5, filter.size(), "the CLI's filter: " + filter);
    for (String line : filter) {
      assertTrue(run.contains(line), "the image's log configs need: " + line);
    }
    assertTrue(run.contains("for log in log4j-console.properties log4j.properties"));
  }

  @ParameterizedTest
  @CsvSource({"flink-job", "edge"})
  void buildContextLeavesOutBuildOutputAndModels(String image) {
    String ignore = Repo.read("docker/" + image + "/Dockerfile.dockerignore");
    assertTrue(ignore.contains("**/target") && ignore.contains("**/*.onnx"), ignore);
  }
}
