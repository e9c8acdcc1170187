package io.captionflow.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Whether a TCP connection is allowed under a set of NetworkPolicies, by the Kubernetes rules: a
 * pod selected by no policy of a direction is open in it, otherwise one rule of one selecting
 * policy must allow the peer and the port, on both the sender's egress and the receiver's ingress.
 * Selectors with matchExpressions and named ports are refused rather than guessed.
 */
final class NetworkReach {

  /** A pod (namespace and labels) or, with a null namespace, an address outside the cluster. */
  record Endpoint(String name, String namespace, Map<String, String> labels) {
    static Endpoint outside(String name) {
      return new Endpoint(name, null, Map.of());
    }

    boolean inCluster() {
      return namespace != null;
    }
  }

  private final List<NetworkPolicy> policies;

  NetworkReach(List<NetworkPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  boolean allows(Endpoint from, Endpoint to, int port) {
    return egressAllows(from, to, port) && ingressAllows(from, to, port);
  }

  private boolean egressAllows(Endpoint from, Endpoint to, int port) {
    if (!from.inCluster()) {
      return true;
    }
    List<NetworkPolicy> selecting = selecting(from, "Egress");
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(
            p -> p.getSpec().getEgress().stream().map(r -> new Rule(p, r.getTo(), r.getPorts())))
        .anyMatch(r -> r.allows(to, port));
  }

  private boolean ingressAllows(Endpoint from, Endpoint to, int port) {
    if (!to.inCluster()) {
      return true;
    }
    List<NetworkPolicy> selecting = selecting(to, "Ingress");
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(
            p -> p.getSpec().getIngress().stream().map(r -> new Rule(p, r.getFrom(), r.getPorts())))
        .anyMatch(r -> r.allows(from, port));
  }

  private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
    return policies.stream()
        .filter(p -> p.getMetadata().getNamespace().equals(pod.namespace()))
        .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
        .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
        .toList();
  }

  private record Rule(
      NetworkPolicy policy, List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    boolean allows(Endpoint peer, int port) {
      boolean portOk =
          ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> portMatches(p, port));
      boolean peerOk =
          peers == null
              || peers.isEmpty()
              || peers.stream().anyMatch(p -> peerMatches(policy, p, peer));
      return portOk && peerOk;
    }
  }

  private static boolean portMatches(NetworkPolicyPort p, int port) {
    if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
      return false;
    }
    if (p.getPort() == null) {
      return true;
    }
    if (p.getPort().getIntVal() == null) {
      throw new IllegalArgumentException("named port " + p.getPort().getStrVal() + " not modelled");
    }
    int end = p.getEndPort() != null ? p.getEndPort() : p.getPort().getIntVal();
    return port >= p.getPort().getIntVal() && port <= end;
  }

  private static boolean peerMatches(NetworkPolicy policy, NetworkPolicyPeer peer, Endpoint e) {
    if (peer.getIpBlock() != null) {
      // Only 0.0.0.0/0 without exceptions is modelled: it matches every address, pods included.
      if (!peer.getIpBlock().getCidr().equals("0.0.0.0/0")
          || (peer.getIpBlock().getExcept() != null && !peer.getIpBlock().getExcept().isEmpty())) {
        throw new IllegalArgumentException("ipBlock " + peer.getIpBlock() + " not modelled");
      }
      return true;
    }
    if (!e.inCluster()) {
      return false;
    }
    boolean namespaceOk =
        peer.getNamespaceSelector() == null
            ? e.namespace().equals(policy.getMetadata().getNamespace())
            : matches(
                peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", e.namespace()));
    boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), e.labels());
    return namespaceOk && podOk;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new IllegalArgumentException("matchExpressions not modelled: " + selector);
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }
}
