package dev.weft.worker.nanny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap and resident budget of worker JVMs, and the reading of resident memory. */
class JvmMemoryTest {

  private static final long MIB = 1 << 20;

  @Test
  void theHeapIsTheLimitWithHeadroomAndTheNannysBudgetAddsTheJvmsOwnMemory() {
    assertEquals(List.of(), JvmMemory.heapOptions(0), "no limit: the JVM's default heap");
    assertEquals(0, JvmMemory.heapBytes(0));
    assertEquals(320 * MIB, JvmMemory.heapBytes(256 * MIB, 16L << 30), "at least 64 MiB of headroom");
    assertEquals(1280 * MIB, JvmMemory.heapBytes(1024 * MIB, 16L << 30), "a quarter of headroom");
    assertEquals(List.of("-Xms320m", "-Xmx320m", "-Xmn40m"), JvmMemory.heapOptions(256 * MIB), "young: an eighth");
    assertEquals(List.of("-Xms128m", "-Xmx128m", "-Xmn16m"), JvmMemory.heapOptions(JvmMemory.MIN_HEAP));
    assertEquals(15L << 30, JvmMemory.heapBytes(12L << 30, 64L << 30));
    assertEquals(List.of("-Xms2048m", "-Xmx" + (JvmMemory.heapBytes(12L << 30) >> 20) + "m", "-Xmn512m"),
        JvmMemory.heapOptions(12L << 30), "a young generation of at most 512 MiB, starting at 2 GiB");
    assertEquals((24L << 30) - JvmMemory.NON_HEAP, JvmMemory.heapBytes(23L << 30, 24L << 30),
        "headroom only as far as the machine goes");
    assertEquals(24L << 30, JvmMemory.heapBytes(24L << 30, 24L << 30), "never below the limit");
    assertThrows(IllegalArgumentException.class, () -> JvmMemory.heapOptions(JvmMemory.MIN_HEAP - MIB));
    assertEquals(0, JvmMemory.residentBudget(0), "no limit: not watched");
    assertEquals(573 * MIB, JvmMemory.residentBudget(256 * MIB), "95% of it: the heap (320 MiB) and 224 MiB");
    assertTrue(new MemoryBudget(JvmMemory.residentBudget(256 * MIB), MemoryBudget.TERMINATE).exceeded((320 + 225) * MIB));
    assertFalse(new MemoryBudget(JvmMemory.residentBudget(256 * MIB), MemoryBudget.TERMINATE).exceeded((320 + 224) * MIB));
  }

  @Test
  void theHeapOfACommandIsItsLastXmx() {
    assertEquals(150 * MIB, JvmMemory.maxHeapOf(List.of("java", "-Xms150m", "-Xmx150m", "-cp", "x")));
    assertEquals(2L << 30, JvmMemory.maxHeapOf(List.of("java", "-Xmx150m", "-Xmx2g")));
    assertEquals(0, JvmMemory.maxHeapOf(List.of("java", "-cp", "x")));
  }

  @Test
  void residentMemoryIsReadFromTheVmRssLine() {
    assertEquals(123_456L * 1024, ResidentMemory.parse("Name:\tjava\nVmPeak:\t  999 kB\nVmRSS:\t  123456 kB\nThreads:\t12\n"));
    assertEquals(-1, ResidentMemory.parse("Name:\tkthreadd\nThreads:\t1\n"), "kernel threads have no VmRSS");
    if (ResidentMemory.readable()) {
      assertTrue(ResidentMemory.of(ProcessHandle.current().pid()) > MIB, "this JVM is resident");
      assertEquals(-1, ResidentMemory.of(Long.MAX_VALUE), "no such process");
    }
  }

}
