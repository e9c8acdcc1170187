package io.captionflow.schema;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client settings from the environment, for what the edges do not set themselves: how to
 * authenticate (SASL/SCRAM, TLS). {@code CAPTIONFLOW_KAFKA_CLIENT_SASL_JAAS_CONFIG} becomes {@code
 * sasl.jaas.config}: the rest of the name, lower case, '_' read as '.'.
 */
public final class KafkaClientEnvironment {

  public static final String PREFIX = "CAPTIONFLOW_KAFKA_CLIENT_";

  private static final Pattern NAME = Pattern.compile("[A-Z0-9]+(_[A-Z0-9]+)*");

  private KafkaClientEnvironment() {}

  /** Property name → value, sorted by name; a malformed variable name is an error naming it. */
  public static Map<String, String> properties(Map<String, String> env) {
    Map<String, String> properties = new TreeMap<>();
    env.forEach(
        (variable, value) -> {
          if (!variable.startsWith(PREFIX)) {
            return;
          }
          String rest = variable.substring(PREFIX.length());
          if (!NAME.matcher(rest).matches()) {
            throw new IllegalArgumentException(
                variable
                    + " is not a Kafka client setting: write "
                    + PREFIX
                    + "<PROPERTY>, e.g. "
                    + PREFIX
                    + "SECURITY_PROTOCOL for security.protocol");
          }
          String property = rest.toLowerCase(Locale.ROOT).replace('_', '.');
          if (property.equals("bootstrap.servers")) {
            throw new IllegalArgumentException(
                variable + ": set the brokers with CAPTIONFLOW_KAFKA_BOOTSTRAP");
          }
          properties.put(property, value);
        });
    return Collections.unmodifiableMap(properties);
  }
}
