package io.captionflow.edge.metrics;

import java.math.BigDecimal;

/**
 * Builds a page in the Prometheus text exposition format (version 0.0.4), for the bridge's and the
 * sink's /metrics.
 */
public final class PrometheusText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder text = new StringBuilder();

  /** The {@code # HELP} and {@code # TYPE} lines of a metric family. */
  public PrometheusText type(String name, String help, String type) {
    text.append("# HELP ").append(name).append(' ').append(help.replace("\n", " ")).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  public PrometheusText sample(String series, double value) {
    text.append(series).append(' ').append(number(value)).append('\n');
    return this;
  }

  /** A single-sample family: HELP, TYPE and the value. */
  public PrometheusText metric(String name, String help, String type, double value) {
    return type(name, help, type).sample(name, value);
  }

  /** Plain decimal without exponent or a trailing ".0" (1, 0.0025, 12.5). */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
