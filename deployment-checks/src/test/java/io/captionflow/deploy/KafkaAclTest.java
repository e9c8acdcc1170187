package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.captionflow.deploy.Manifests.Manifest;
import io.captionflow.schema.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kafka authorizes every client and the Strimzi KafkaUsers grant the least each app needs: only the
 * bridge writes audio and session events, only the job writes segments and dead letters.
 */
class KafkaAclTest {

  static final String BRIDGE = "captionflow-ingest-bridge";
  static final String JOB = "captionflow-job";
  static final String SINK = "captionflow-subtitle-sink";

  /** The job's consumer group (its --group-id default). */
  static final String JOB_GROUP = "captionflow-job";

  /**
   * "user" → "type:name:Operation" for every ACL of every KafkaUser; prefix patterns end in '*'.
   */
  static Map<String, Set<String>> grants() {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (Manifest m : Manifests.ofKind(Manifests.base(), "KafkaUser")) {
      Set<String> user = grants.computeIfAbsent(m.name(), k -> new TreeSet<>());
      JsonNode authorization = m.node().path("spec").path("authorization");
      assertEquals("simple", authorization.path("type").asText(), m.toString());
      for (JsonNode acl : authorization.path("acls")) {
        JsonNode resource = acl.path("resource");
        String name =
            resource.path("name").asText()
                + ("prefix".equals(resource.path("patternType").asText()) ? "*" : "");
        assertEquals("", acl.path("operation").asText(), "use `operations`: " + m);
        for (JsonNode operation : acl.path("operations")) {
          user.add(resource.path("type").asText() + ":" + name + ":" + operation.asText());
        }
      }
    }
    return grants;
  }

  /** Users allowed {@code operation} (or All) on topic {@code topic}, literally or by prefix. */
  static Set<String> usersAllowed(String operation, String topic) {
    Set<String> users = new TreeSet<>();
    grants()
        .forEach(
            (user, acls) -> {
              for (String acl : acls) {
                String[] parts = acl.split(":");
                boolean op = parts[2].equals(operation) || parts[2].equals("All");
                String name = parts[1];
                boolean covers =
                    name.equals("*")
                        || name.equals(topic)
                        || (name.endsWith("*")
                            && topic.startsWith(name.substring(0, name.length() - 1)));
                if (parts[0].equals("topic") && op && covers) {
                  users.add(user);
                }
              }
            });
    return users;
  }

  @Test
  void kafkaAuthorizesEveryClientAndTheAppListenerAuthenticatesThem() {
    var kafka = StrimziKafkaTest.kafka().getSpec().getKafka();
    assertTrue(
        kafka.getAuthorization() instanceof KafkaAuthorizationSimple,
        "simple authorization: what no ACL allows is denied");
    assertEquals(
        List.of(),
        ((KafkaAuthorizationSimple) kafka.getAuthorization()).getSuperUsers() == null
            ? List.of()
            : ((KafkaAuthorizationSimple) kafka.getAuthorization()).getSuperUsers(),
        "no super users: they would bypass every ACL");
    for (var listener : kafka.getListeners()) {
      assertNotNull(listener.getAuth(), "listener " + listener.getName() + " authenticates");
    }
    assertTrue(
        StrimziKafkaTest.appListener().getAuth() instanceof KafkaListenerAuthenticationScramSha512);
    assertTrue(
        StrimziKafkaTest.kafka().getSpec().getEntityOperator().getUserOperator() != null,
        "the User Operator turns KafkaUsers into credentials and ACLs");
  }

  @Test
  void onlyTheBridgeWritesAudioAndSessionEventsAndOnlyTheJobSegmentsAndDeadLetters() {
    Topics t = Topics.DEFAULT;
    assertEquals(Set.of(BRIDGE), usersAllowed("Write", t.audio()));
    assertEquals(Set.of(BRIDGE), usersAllowed("Write", t.sessionEvents()));
    assertEquals(Set.of(JOB), usersAllowed("Write", t.segments()));
    assertEquals(Set.of(JOB), usersAllowed("Write", t.deadLetters()));
  }

  @Test
  void eachReadsWhatItNeeds() {
    Topics t = Topics.DEFAULT;
    assertEquals(Set.of(BRIDGE, JOB), usersAllowed("Read", t.audio()));
    assertEquals(Set.of(BRIDGE, JOB), usersAllowed("Read", t.sessionEvents()));
    assertEquals(
        Set.of(SINK, BRIDGE),
        usersAllowed("Read", t.segments()),
        "the sink, and the bridge watching its rooms' statuses (JobStatusWatcher)");
    assertEquals(Set.of(), usersAllowed("Read", t.deadLetters()), "operators read it as admins");
    assertTrue(grants().get(JOB).contains("group:" + JOB_GROUP + ":Read"), "the job's group");
    for (String user : List.of(BRIDGE, JOB, SINK)) {
      for (String topic : List.of(t.audio(), t.sessionEvents(), t.segments(), t.deadLetters())) {
        boolean uses =
            usersAllowed("Read", topic).contains(user)
                || usersAllowed("Write", topic).contains(user);
        assertEquals(
            uses, usersAllowed("Describe", topic).contains(user), user + " Describe " + topic);
      }
    }
  }

  @Test
  void usersBelongToTheCluster() {
    for (Manifest m : Manifests.ofKind(Manifests.base(), "KafkaUser")) {
      assertEquals(
          StrimziKafkaTest.kafka().getMetadata().getName(),
          m.node().path("metadata").path("labels").path("strimzi.io/cluster").asText(),
          m.toString());
      assertEquals(
          "scram-sha-512",
          m.node().path("spec").path("authentication").path("type").asText(),
          m.toString());
    }
    assertEquals(Set.of(BRIDGE, JOB, SINK), grants().keySet());
  }

  @ParameterizedTest
  @CsvSource({"subtitle-sink, " + SINK, "ingest-bridge, " + BRIDGE})
  void eachAppLogsInAsItsOwnUser(String app, String user) {
    Container c =
        Manifests.one(Manifests.base(), "Deployment", app)
            .as(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertLogsInAs(AppManifestsTest.env(c), user, app);
  }

  @Test
  void theJobLogsInAsItsOwnUserInBothVariants() {
    for (String variant : List.of(FlinkDeploymentTest.GPU, FlinkDeploymentTest.CPU)) {
      assertLogsInAs(FlinkDeploymentTest.mainEnv(variant), JOB, variant);
    }
  }

  private static void assertLogsInAs(Map<String, EnvVar> env, String user, String where) {
    assertEquals(
        "SASL_PLAINTEXT",
        env.get("CAPTIONFLOW_KAFKA_CLIENT_SECURITY_PROTOCOL").getValue(),
        where + ": SASL without TLS, as the listener");
    assertEquals(
        "SCRAM-SHA-512", env.get("CAPTIONFLOW_KAFKA_CLIENT_SASL_MECHANISM").getValue(), where);
    var secret =
        env.get("CAPTIONFLOW_KAFKA_CLIENT_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef();
    assertEquals(user, secret.getName(), where + ": the Secret Strimzi writes for its user");
    assertEquals("sasl.jaas.config", secret.getKey(), where);
  }
}
