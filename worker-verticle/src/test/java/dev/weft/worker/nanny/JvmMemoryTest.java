package dev.weft.worker.nanny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap rule of worker JVMs, and the reading of resident memory. */
class JvmMemoryTest {

  private static final long MIB = 1 << 20;

  @Test
  void theHeapIsWhatFitsBesideTheJvmUnderNinetyPercentOfTheLimit() {
    assertEquals(0, JvmMemory.heapBytes(0), "no limit: the JVM's default heap");
    assertEquals(List.of(), JvmMemory.heapOptions(0));
    long min = JvmMemory.minimumLimit();
    assertTrue(JvmMemory.heapBytes(min) >= JvmMemory.MIN_HEAP, "the smallest limit gives at least the smallest heap");
    assertThrows(IllegalArgumentException.class, () -> JvmMemory.heapBytes(min - MIB));
    assertEquals(276 * MIB, min, "(64 + 184) / 0.9 MiB, rounded up");
    assertThrows(IllegalArgumentException.class, () -> JvmMemory.heapBytes(256 * MIB), "no room for 64 MiB of heap");
    assertEquals(104 * MIB, JvmMemory.heapBytes(320 * MIB));
    assertEquals(737 * MIB, JvmMemory.heapBytes(1024 * MIB));
    for (long limit : new long[] {min, 320 * MIB, 1024 * MIB, 16L << 30}) {
      long heap = JvmMemory.heapBytes(limit);
      assertEquals(0, heap % MIB, "whole MiB");
      assertTrue(heap + JvmMemory.NON_HEAP <= JvmMemory.FULL_HEAP_TARGET * limit, limit + ": full heap under 90%");
      assertTrue(heap + JvmMemory.NON_HEAP + MIB > JvmMemory.FULL_HEAP_TARGET * limit, limit + ": as large as fits");
      assertEquals(List.of("-Xms" + (heap >> 20) + "m", "-Xmx" + (heap >> 20) + "m"), JvmMemory.heapOptions(limit));
    }
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

  @Test
  void bytesAreWrittenInMibOrGib() {
    assertEquals("250 MiB", ResidentMemory.format(250 * MIB));
    assertEquals("1024 MiB", ResidentMemory.format(1024 * MIB));
    assertEquals("12.50 GiB", ResidentMemory.format(12_800 * MIB));
  }
}
