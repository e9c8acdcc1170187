package io.captionflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {

  @Test
  void namesAMisspeltProbeInsideAContainer() {
    Deployment d =
        Yaml.bind(
            Yaml.parse(
                """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
                - name: c
                  image: i
                  readinesProbe: {httpGet: {path: /health, port: 8080}}
        """),
            Deployment.class);
    assertEquals(List.of(".spec.template.spec.containers[0].readinesProbe"), UnknownFields.in(d));
  }

  @Test
  void namesAMisspeltStrimziField() {
    KafkaTopic t =
        Yaml.bind(
            Yaml.parse(
                """
        apiVersion: kafka.strimzi.io/v1
        kind: KafkaTopic
        metadata: {name: t}
        spec: {topicName: a, partitionz: 3}
        """),
            KafkaTopic.class);
    assertEquals(List.of(".spec.partitionz"), UnknownFields.in(t));
  }

  @Test
  void acceptsAValidDeployment() {
    Deployment d =
        Yaml.bind(
            Yaml.parse(
                """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x, labels: {a: b}}
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: c
                  image: i
                  resources: {requests: {cpu: 250m, memory: 512Mi}}
        """),
            Deployment.class);
    assertEquals(List.of(), UnknownFields.in(d));
  }
}
