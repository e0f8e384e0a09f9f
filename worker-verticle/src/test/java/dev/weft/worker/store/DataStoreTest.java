package dev.weft.worker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The data store's API, its least-recently-used spill order and its accounting. */
class DataStoreTest {

  private final DataStore store = new DataStore();

  @Test
  void putGetAndRemoveKeepCountAndBytes() {
    store.put("b", "B", 10);
    store.put("a", 42, 5);
    assertEquals(2, store.count());
    assertEquals(15, store.bytes());
    assertEquals(15, store.memoryBytes());
    assertEquals("B", store.get("b"));
    assertEquals(5, store.nbytes("a"));
    assertEquals(List.of("a", "b"), store.sortedKeys());

    assertEquals(-1, store.remove("b"));
    assertEquals(Long.MIN_VALUE, store.remove("b"));
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

  @Test
  void spillsLeastRecentlyUsedFirstUntilEnoughIsFreed() {
    store.put("a", "A", 10);
    store.put("b", "B", 10);
    store.put("c", "C", 10);
    store.get("a"); // a is now the most recently used
    List<DataStore.ToSpill> chosen = store.chooseSpill(15);
    assertEquals(List.of("b", "c"), chosen.stream().map(DataStore.ToSpill::key).toList());
    assertEquals("B", chosen.get(0).value());
    assertEquals(20, store.spillingBytes());
    assertEquals(30, store.memoryBytes(), "values being written are still in memory");
    assertEquals(List.of(), store.chooseSpill(15), "what is being written counts as freed already");
    assertEquals("B", store.get("b"), "a value being written is still handed out from memory");
  }

  @Test
  void aWrittenValueLeavesMemoryAndIsHandedOutAsSpilled() {
    store.put("a", "A", 100);
    DataStore.ToSpill s = store.chooseSpill(1).get(0);
    assertTrue(store.spilled("a", s.id(), 40));
    assertEquals(0, store.memoryBytes());
    assertEquals(100, store.bytes(), "its estimated size still counts as held");
    assertEquals(40, store.diskBytes());
    assertEquals(1, store.diskCount());
    assertTrue(store.onDisk("a"));
    assertEquals(new SpilledValue("a", s.id()), store.get("a"));
    assertEquals(s.id(), store.remove("a"), "its file is to be deleted");
    assertEquals(0, store.diskBytes());
    assertEquals(0, store.diskCount());
  }

  @Test
  void aValueDroppedOrHeldAnewWhileBeingWrittenLeavesTheFileToTheShell() {
    store.put("a", "A", 100);
    DataStore.ToSpill s = store.chooseSpill(1).get(0);
    assertEquals(-1, store.remove("a"), "no file yet");
    store.put("a", "A2", 100);
    assertFalse(store.spilled("a", s.id(), 40), "the file of the dropped value is not the new value's");
    assertEquals("A2", store.get("a"));
    assertEquals(100, store.memoryBytes());
    assertEquals(0, store.spillingBytes());
  }

  @Test
  void aFailedWriteKeepsTheValueInMemoryAndAPinnedOneIsNotChosenAgain() {
    store.put("a", "A", 10);
    store.put("b", "B", 10);
    DataStore.ToSpill a = store.chooseSpill(1).get(0);
    store.spillFailed("a", a.id(), false);
    assertEquals("A", store.get("a"));
    assertEquals(0, store.spillingBytes());
    assertEquals(List.of("b", "a"), store.chooseSpill(20).stream().map(DataStore.ToSpill::key).toList(),
        "a disk failure leaves the value spillable, as the most recently used");

    DataStore other = new DataStore();
    other.put("x", "X", 10);
    DataStore.ToSpill x = other.chooseSpill(1).get(0);
    other.spillFailed("x", x.id(), true);
    assertEquals(List.of(), other.chooseSpill(10), "a value that cannot be written stays");
  }

  @Test
  void emptyValuesAreNotSpilled() {
    store.put("n", null, 0);
    assertEquals(List.of(), store.chooseSpill(1));
  }
}
