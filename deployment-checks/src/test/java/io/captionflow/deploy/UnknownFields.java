package io.captionflow.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields a typed Kubernetes model did not recognise. fabric8 and Strimzi models keep unknown YAML
 * keys in an additionalProperties map instead of failing, so a misspelt key (readinesProbe) would
 * pass binding silently; this walks the bound object graph and names every such key with its path.
 */
final class UnknownFields {

  private UnknownFields() {}

  static List<String> in(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || !seen.add(value)) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
      return;
    }
    String pkg = value.getClass().getPackageName();
    if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (Modifier.isStatic(getter.getModifiers())
          || getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String name =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (name.equals("additionalProperties") && child instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> found.add(path + "." + k));
      } else {
        walk(child, path + "." + name, found, seen);
      }
    }
  }
}
