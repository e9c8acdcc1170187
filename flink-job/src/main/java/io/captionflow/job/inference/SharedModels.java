package io.captionflow.job.inference;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded models of this JVM (one Flink task manager), shared by every slot and session: one
 * instance per config key, reference-counted, closed when its last user releases it. Operators
 * acquire in open() and release in close(); session state never holds a model.
 */
public final class SharedModels {

  private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
  private static final Map<Object, Entry> LOADED = new HashMap<>();

  private record Entry(AutoCloseable model, int users) {}

  /** A use of a shared model; close it exactly once (in the operator's close()). */
  public static final class Lease<M extends AutoCloseable> implements AutoCloseable {
    private final Object key;
    private final M model;
    private boolean released;

    private Lease(Object key, M model) {
      this.key = key;
      this.model = model;
    }

    public M model() {
      return model;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(key);
      }
    }
  }

  private SharedModels() {}

  /** The model for {@code key}, loading it with {@code loader} if no one holds it yet. */
  @SuppressWarnings("unchecked")
  public static synchronized <K, M extends AutoCloseable> Lease<M> acquire(
      K key, Function<K, M> loader) {
    Entry entry = LOADED.get(key);
    if (entry == null) {
      LOG.info("loading shared model for {}", key);
      entry = new Entry(loader.apply(key), 0);
    }
    LOADED.put(key, new Entry(entry.model(), entry.users() + 1));
    return new Lease<>(key, (M) entry.model());
  }

  /** How many users hold the model for {@code key} (0 when not loaded). */
  public static synchronized int users(Object key) {
    Entry entry = LOADED.get(key);
    return entry == null ? 0 : entry.users();
  }

  private static synchronized void release(Object key) {
    Entry entry = LOADED.get(key);
    if (entry == null) {
      return;
    }
    if (entry.users() > 1) {
      LOADED.put(key, new Entry(entry.model(), entry.users() - 1));
      return;
    }
    LOADED.remove(key);
    LOG.info("closing shared model for {} (last user released it)", key);
    try {
      entry.model().close();
    } catch (Exception e) {
      LOG.warn("closing model {} failed: {}", key, e.toString());
    }
  }
}
