package io.captionflow.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedModelsTest {

  @Test
  void oneModelPerKeyClosedWithTheLastRelease() {
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    String key = "test-model-" + System.nanoTime();
    var a =
        SharedModels.acquire(
            key,
            k -> {
              loads.incrementAndGet();
              return (AutoCloseable) closes::incrementAndGet;
            });
    var b =
        SharedModels.acquire(
            key,
            k -> {
              throw new AssertionError("must not load twice");
            });
    assertSame(a.model(), b.model());
    assertEquals(2, SharedModels.users(key));
    a.close();
    a.close(); // a lease releases once
    assertEquals(1, SharedModels.users(key));
    assertEquals(0, closes.get());
    b.close();
    assertEquals(1, closes.get());
    assertEquals(1, loads.get());
    assertEquals(0, SharedModels.users(key));
  }
}
