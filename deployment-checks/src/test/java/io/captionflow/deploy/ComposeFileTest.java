package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.schema.Topics;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker-compose.yml and its GPU override, read as YAML (and by `docker compose config` where that
 * client exists).
 */
class ComposeFileTest {

  static final String COMPOSE = "docker-compose.yml";
  static final String GPU_OVERRIDE = "docker-compose.gpu.yml";
  private static final List<String> APP_SERVICES =
      List.of("jobmanager", "taskmanager", "subtitle-sink", "ingest-bridge");

  private final JsonNode compose = Yaml.single(Repo.file(COMPOSE));
  private final JsonNode gpu = Yaml.single(Repo.file(GPU_OVERRIDE));

  private JsonNode service(JsonNode file, String name) {
    JsonNode s = file.path("services").path(name);
    assertTrue(s.isObject(), "service " + name + " missing");
    return s;
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    service
        .path("environment")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static JsonNode flinkProperties(JsonNode service) {
    return Yaml.parse(service.path("environment").path("FLINK_PROPERTIES").asText());
  }

  @Test
  void kafkaIsKraftOnTheKafkaVersionTheBuildUses() {
    JsonNode kafka = service(compose, "kafka");
    assertEquals("apache/kafka:" + Repo.property("kafka.version"), kafka.path("image").asText());
    Map<String, String> env = env(kafka);
    assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
    assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
    assertEquals("/var/lib/kafka/data", env.get("KAFKA_LOG_DIRS"));
    assertTrue(
        kafka.path("volumes").toString().contains(":/var/lib/kafka/data"),
        "Kafka data on a volume");
    assertTrue(
        kafka.path("healthcheck").path("test").toString().contains("kafka-broker-api-versions.sh"));
  }

  /** The address every container uses must be an advertised listener of the broker. */
  @Test
  void servicesUseTheBrokersInternalListenerAndTheJobsTopicNames() {
    String advertised = env(service(compose, "kafka")).get("KAFKA_ADVERTISED_LISTENERS");
    for (String name : APP_SERVICES) {
      Map<String, String> env = env(service(compose, name));
      String bootstrap = env.get("CAPTIONFLOW_KAFKA_BOOTSTRAP");
      assertTrue(
          advertised.contains("://" + bootstrap),
          name + ": " + bootstrap + " not in " + advertised);
      assertFalse(bootstrap.startsWith("localhost"), name + " runs in its own container");
      assertEquals(Topics.DEFAULT, Topics.fromEnvironment(env), name);
      assertTrue(env.containsKey("CAPTIONFLOW_TOPIC_AUDIO"), name + ": topics must be explicit");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "jobmanager, flink-job",
    "taskmanager, flink-job",
    "subtitle-sink, subtitle-sink",
    "ingest-bridge, ingest-bridge"
  })
  void imagesCarryTheProjectVersion(String service, String image) {
    assertEquals(
        "captionflow/" + image + ":" + Repo.version(),
        service(compose, service).path("image").asText());
  }

  @ParameterizedTest
  @CsvSource({
    "subtitle-sink, 8080, CAPTIONFLOW_SUBSCRIBE_TOKENS",
    "ingest-bridge, 8082, CAPTIONFLOW_PUBLISH_TOKENS"
  })
  void appsPublishTheirPortAndAnswerHealth(String name, int port, String tokens) {
    JsonNode s = service(compose, name);
    assertTrue(
        s.path("ports").toString().contains("\"" + port + ":" + port + "\""),
        name + " ports " + s.path("ports"));
    assertTrue(
        s.path("healthcheck").path("test").toString().contains("localhost:" + port + "/health"));
    assertTrue(env(s).containsKey(tokens), name + " passes " + tokens + " through");
    assertEquals(
        "service_completed_successfully",
        s.path("depends_on").path("kafka-topics").path("condition").asText(),
        name + " waits for the topics");
  }

  @Test
  void flinkRunsTheJobInApplicationModeWithModelsAndMetrics() {
    JsonNode jm = service(compose, "jobmanager");
    JsonNode tm = service(compose, "taskmanager");
    assertEquals(
        "standalone-job --job-classname io.captionflow.job.CaptionFlowJob",
        jm.path("command").asText());
    assertEquals("taskmanager", tm.path("command").asText());
    assertTrue(
        jm.path("ports").toString().contains("8081:8081")
            && jm.path("ports").toString().contains("9249:9249"));
    assertTrue(
        tm.path("expose").toString().contains("9249"), "Prometheus reaches task managers on 9249");
    assertEquals(
        "service_healthy", tm.path("depends_on").path("jobmanager").path("condition").asText());
    assertTrue(jm.path("healthcheck").path("test").toString().contains("localhost:8081"));
    for (JsonNode s : List.of(jm, tm)) {
      Map<String, String> env = env(s);
      assertTrue(
          s.path("volumes").toString().contains("models:/models:ro"),
          "model volume mounted read-only");
      for (String variable : List.of("PARAKEET_MODEL_DIR", "SORTFORMER_MODEL_PATH")) {
        assertTrue(env.get(variable).startsWith("/models/"), variable);
      }
      assertEquals(DockerfileTest.IMAGE_SILERO, env.get("SILERO_VAD_MODEL"), "in the image");
      assertEquals("cpu", env.get("CAPTIONFLOW_DEVICE"));
      JsonNode props = flinkProperties(s);
      assertEquals("rocksdb", props.path("state.backend.type").asText());
      assertTrue(
          props.path("env.java.opts.all").isMissingNode(),
          "env.java.opts.all would replace the image's Avro and Java 17 flags");
    }
    JsonNode jmProps = flinkProperties(jm);
    assertEquals("true", jmProps.path("execution.checkpointing.incremental").asText());
    assertTrue(
        tm.path("volumes").toString().contains("flink-state:/flink-state"),
        "TMs write checkpoints");
    assertTrue(
        jmProps.path("execution.checkpointing.dir").asText().startsWith("file:///flink-state/"));
    assertTrue(compose.path("volumes").has("models"), "named model volume");
  }

  @Test
  void everyServiceDependedOnAsHealthyHasAHealthcheck() {
    for (JsonNode file : List.of(compose, gpu)) {
      file.path("services")
          .fields()
          .forEachRemaining(
              s ->
                  s.getValue()
                      .path("depends_on")
                      .fields()
                      .forEachRemaining(
                          d -> {
                            if (d.getValue().path("condition").asText().equals("service_healthy")) {
                              assertTrue(
                                  service(compose, d.getKey()).has("healthcheck"),
                                  s.getKey() + " waits on " + d.getKey());
                            }
                          }));
    }
  }

  /** Topics compose creates: name → {partitions, retention.ms}. */
  private Map<String, long[]> composeTopics() {
    String script = service(compose, "kafka-topics").path("command").get(0).asText();
    Matcher m = Pattern.compile("(?m)^\\s*create (\\S+) (\\d+) (-?\\d+)\\s*$").matcher(script);
    Map<String, long[]> topics = new HashMap<>();
    while (m.find()) {
      topics.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
    }
    return topics;
  }

  @Test
  void createsTheJobsTopicsLikeTheKubernetesCluster() {
    Map<String, long[]> created = composeTopics();
    Map<String, KafkaTopic> k8s = StrimziKafkaTest.topics();
    assertEquals(k8s.keySet(), created.keySet());
    k8s.forEach(
        (name, topic) -> {
          assertEquals(
              topic.getSpec().getPartitions().longValue(),
              created.get(name)[0],
              name + " partitions");
          assertEquals(
              Long.parseLong(String.valueOf(topic.getSpec().getConfig().get("retention.ms"))),
              created.get(name)[1],
              name + " retention.ms");
        });
    assertTrue(
        service(compose, "kafka-topics")
            .path("command")
            .get(0)
            .asText()
            .contains("--bootstrap-server kafka:19092"));
  }

  @Test
  void gpuOverrideGivesTheTaskManagerAnNvidiaGpuAndTheCudaImage() {
    JsonNode tm = service(gpu, "taskmanager");
    assertEquals("captionflow/flink-job:" + Repo.version() + "-cuda", tm.path("image").asText());
    assertEquals(
        "captionflow/flink-job:" + Repo.version() + "-cuda",
        service(gpu, "jobmanager").path("image").asText());
    assertEquals("cuda", env(tm).get("CAPTIONFLOW_DEVICE"));
    JsonNode device =
        tm.path("deploy").path("resources").path("reservations").path("devices").get(0);
    assertEquals("nvidia", device.path("driver").asText());
    assertEquals(1, device.path("count").asInt());
    assertEquals("[\"gpu\"]", device.path("capabilities").toString());
    JsonNode props = flinkProperties(tm);
    assertEquals("gpu", props.path("external-resources").asText());
    assertEquals(
        "org.apache.flink.externalresource.gpu.GPUDriverFactory",
        props.path("external-resource.gpu.driver-factory.class").asText());
    int slots = props.path("taskmanager.numberOfTaskSlots").asInt();
    int parallelism =
        flinkProperties(service(gpu, "jobmanager")).path("parallelism.default").asInt();
    assertTrue(
        parallelism <= slots,
        "one GPU task manager must fit the job: " + parallelism + " > " + slots);
  }

  @Test
  void cpuTaskManagerHasSlotsForTheDefaultParallelism() {
    int slots =
        flinkProperties(service(compose, "taskmanager"))
            .path("taskmanager.numberOfTaskSlots")
            .asInt();
    int parallelism =
        flinkProperties(service(compose, "jobmanager")).path("parallelism.default").asInt();
    assertTrue(parallelism >= 1 && parallelism <= slots, parallelism + " > " + slots);
  }

  /**
   * The real parser, when this machine has a compose client (CI here has the docker CLI but no
   * compose plugin).
   */
  @Test
  void dockerComposeConfigAcceptsBothFiles() throws Exception {
    List<String> client = composeClient();
    Assumptions.assumeTrue(
        client != null, "no `docker compose` or `docker-compose` client on this machine");
    List<String> command = new ArrayList<>(client);
    command.addAll(List.of("-f", COMPOSE, "-f", GPU_OVERRIDE, "config", "--quiet"));
    Process p =
        new ProcessBuilder(command)
            .directory(Repo.root().toFile())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "compose config timed out");
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), output);
  }

  private static List<String> composeClient() {
    for (List<String> candidate :
        List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      List<String> version = new ArrayList<>(candidate);
      version.add("version");
      try {
        Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException | InterruptedException e) {
        // not installed: try the next client
      }
    }
    return null;
  }
}
