package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.protocol.ForySerializer;
import dev.weft.protocol.Payload;
import dev.weft.protocol.ValueSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Task functions received from another JVM are decoded once per distinct bytes, within bounds. */
class FunctionCacheTest {

  private final ForySerializer fory = new ForySerializer();
  private final AtomicInteger decodes = new AtomicInteger();
  private final ValueSerializer counting = new ValueSerializer() {
    @Override
    public byte[] serialize(Object value) {
      return fory.serialize(value);
    }

    @Override
    public Object deserialize(byte[] bytes, ClassLoader loader) {
      decodes.incrementAndGet();
      return fory.deserialize(bytes, loader);
    }
  };
  private final FunctionCache cache = new FunctionCache();
  private final ClassLoader loader = getClass().getClassLoader();

  /** A payload as received: its own copy of the bytes of {@code value}. */
  private Payload received(Object value) {
    return Payload.ofBytes(fory.serialize(value));
  }

  @Test
  void tasksWithEqualFunctionBytesShareOneDecodedFunction() {
    Object first = cache.function(received(List.of("inc", 1)), counting, loader);
    Object second = cache.function(received(List.of("inc", 1)), counting, loader);
    assertEquals(List.of("inc", 1), first);
    assertSame(first, second);
    assertEquals(1, decodes.get());

    Object other = cache.function(received(List.of("dec", 1)), counting, loader);
    assertEquals(List.of("dec", 1), other);
    assertEquals(2, decodes.get(), "other bytes, another function");
  }

  @Test
  void aFunctionMadeInThisJvmIsUsedAsItIs() {
    Object fn = List.of("local");
    assertSame(fn, cache.function(Payload.of(fn), counting, loader));
    assertEquals(0, decodes.get());
  }

  @Test
  void largeFunctionsAreDecodedForEachTask() {
    String big = "x".repeat(FunctionCache.MAX_BYTES + 1);
    Object first = cache.function(received(big), counting, loader);
    Object second = cache.function(received(big), counting, loader);
    assertEquals(big, second);
    assertNotSame(first, second);
    assertEquals(2, decodes.get());
  }

  @Test
  void bytesThatDoNotDecodeFailEveryTaskAndAreNotKept() {
    byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8};
    assertThrows(RuntimeException.class, () -> cache.function(Payload.ofBytes(garbage.clone()), counting, loader));
    assertThrows(RuntimeException.class, () -> cache.function(Payload.ofBytes(garbage.clone()), counting, loader));
    assertEquals(2, decodes.get(), "tried again for the next task, not remembered");
    assertEquals(List.of("ok"), cache.function(received(List.of("ok")), counting, loader), "the cache still works");
  }

  @Test
  void onlyTheMostRecentlyUsedFunctionsAreKept() {
    List<Object> functions = new ArrayList<>();
    for (int i = 0; i <= FunctionCache.CAPACITY; i++) {
      functions.add(cache.function(received("fn-" + i), counting, loader));
    }
    assertEquals(FunctionCache.CAPACITY + 1, decodes.get());
    assertSame(functions.get(FunctionCache.CAPACITY), cache.function(received("fn-" + FunctionCache.CAPACITY), counting, loader));
    assertEquals(FunctionCache.CAPACITY + 1, decodes.get(), "the newest is kept");
    cache.function(received("fn-0"), counting, loader);
    assertEquals(FunctionCache.CAPACITY + 2, decodes.get(), "the oldest was let go");
  }
}
