package dev.weft.worker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The value store's API and accounting. */
class ValueStoreTest {

  private final ValueStore store = new ValueStore();

  @Test
  void putGetAndRemoveKeepCountAndBytes() {
    store.put("b", "B", 10);
    store.put("a", 42, 5);
    assertEquals(2, store.count());
    assertEquals(15, store.bytes());
    assertEquals("B", store.get("b"));
    assertEquals(5, store.nbytes("a"));
    assertEquals(List.of("a", "b"), store.sortedKeys());

    assertTrue(store.remove("b"));
    assertFalse(store.remove("b"));
    assertFalse(store.contains("b"));
    assertNull(store.get("b"));
    assertEquals(-1, store.nbytes("b"));
    assertEquals(1, store.count());
    assertEquals(5, store.bytes());
  }

  @Test
  void aNullValueIsHeld() {
    store.put("n", null, 0);
    assertTrue(store.contains("n"));
    assertNull(store.get("n"));
    assertEquals(List.of("n"), store.sortedKeys());
  }

  @Test
  void aHeldKeyOrANegativeSizeIsRefusedAndChangesNothing() {
    store.put("a", "A", 3);
    assertThrows(IllegalArgumentException.class, () -> store.put("a", "other", 4));
    assertThrows(IllegalArgumentException.class, () -> store.put("b", "B", -1));
    assertEquals("A", store.get("a"));
    assertEquals(1, store.count());
    assertEquals(3, store.bytes());
  }
}
