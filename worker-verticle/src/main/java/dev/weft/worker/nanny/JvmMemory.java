package dev.weft.worker.nanny;

import java.util.List;

/**
 * The heap of a worker JVM with a memory limit. The limit is the worker process's, as dask's
 * {@code memory_limit} is for its resident memory (RSS): the nanny kills a worker whose RSS passes
 * 95% of it. So the heap is not the limit: beside it the JVM keeps its own memory (metaspace,
 * code, thread stacks, GC structures, Netty's and Hazelcast's buffers), and a worker whose heap is
 * completely full must still stay below {@value #FULL_HEAP_TARGET} of the limit — resident well
 * under the nanny's 95%, so that it ends with an OutOfMemoryError (and -XX:+ExitOnOutOfMemoryError)
 * naming the heap, not a kill from outside — while the heap is as large as that allows.
 *
 * <p>Measured on Linux (2 cores, loaded), Java 17.0.15, with real worker JVMs
 * (JvmMemoryMeasurement in the client's tests: SerialGC, one worker joined to a LocalCluster;
 * RSS is VmRSS of /proc/(pid)/status; "full" is after filling the heap with 1 MiB arrays until
 * less than 4 MiB was free after a full collection, and again after an OutOfMemoryError):
 *
 * <pre>
 * heap (-Xmx)        idle, 20 tasks  after 3,000 tasks  heap full       beside the full heap
 * 70 MiB,  Xms=Xmx   186–190 MiB     220–222 MiB        225–227 MiB     155–157 MiB (162–167 *)
 * 256 MiB, Xms=Xmx   241 MiB         279 MiB            407 MiB         151 MiB
 * 761 MiB, Xms=Xmx   253–256 MiB     411–422 MiB        922–939 MiB     161–178 MiB (144–182 *)
 * 1 GiB,   Xms=Xmx   254 MiB         456 MiB            1177–1178 MiB   153–154 MiB
 * 256 MiB, Xms=8m    185 MiB         239 MiB            415–419 MiB     159–163 MiB
 * 1 GiB,   Xms=8m    170 MiB         223 MiB            1148–1185 MiB   124–161 MiB
 * and with the rule below:
 * 104 MiB, Xms=Xmx   199 MiB         230–233 MiB        267–272 MiB     163–168 MiB  (320 MiB limit: 90% is 288)
 * 737 MiB, Xms=Xmx   262 MiB         405 MiB            890 MiB         153 MiB      (1 GiB limit: 90% is 922)
 * (*) two more runs, one with -XX:TrimNativeHeapInterval=1000, one with MALLOC_ARENA_MAX=2:
 *     neither lowered it steadily
 * </pre>
 *
 * <p>So a full heap is resident beside 144–182 MiB of the JVM's own, whatever the heap's size:
 * NMT at a 256 MiB heap counts metaspace and class space 48 MiB, compiler arenas 22 MiB (31 at
 * their peak), code 17 MiB, CDS archive 12 MiB, symbols 10 MiB, 70 thread stacks 7 MiB; the rest
 * (about 36 MiB) is the JVM's own code and the C library's heap; the spread between runs (38
 * MiB) presumably follows what the JIT compiled and what the C library kept of freed memory. The rule: heap = 90%
 * of the limit less {@value #NON_HEAP_MIB} MiB (the most seen, 182, rounded up), in whole MiB, at
 * least {@value #MIN_HEAP_MIB} MiB (a worker's own live data, Hazelcast's and Vert.x's, is some 30
 * MiB of it) — 737 MiB for a 1 GiB limit, 104 MiB for 320 MiB; a limit under 276 MiB (so 256 MiB
 * too) is refused. Memory outside the heap that grows (direct buffers, a task's native memory) is
 * not bounded by this; the nanny's 95% is what catches it.
 *
 * <p>-Xms equals -Xmx: a full heap is resident the same either way (above), and it is the case the
 * limit has to hold for; a heap grown step by step from a small start only lowers the RSS of a
 * worker with little data (by 40–233 MiB above), at the cost of full collections on large
 * transfers (see WorkerJvm).
 */
public final class JvmMemory {

  /** {@link #MIN_HEAP} in MiB. */
  static final int MIN_HEAP_MIB = 64;
  /** The smallest heap a worker JVM is given: a smaller limit is refused. */
  public static final long MIN_HEAP = (long) MIN_HEAP_MIB << 20;
  /** Share of the memory limit a worker with a completely full heap stays below. */
  static final double FULL_HEAP_TARGET = 0.9;
  /** {@link #NON_HEAP} in MiB. */
  static final int NON_HEAP_MIB = 184;
  /** Resident memory of a worker JVM besides its full heap: the most measured, 182 MiB (see above), rounded up. */
  static final long NON_HEAP = (long) NON_HEAP_MIB << 20;

  private JvmMemory() {}

  /**
   * The heap in bytes (whole MiB) of a worker JVM whose process may use {@code memoryLimit}
   * bytes: {@value #FULL_HEAP_TARGET} of the limit less the JVM's own memory; 0 for no limit (the
   * JVM's default heap).
   *
   * @throws IllegalArgumentException when the limit is below {@link #minimumLimit()}
   */
  public static long heapBytes(long memoryLimit) {
    if (memoryLimit <= 0) {
      return 0;
    }
    if (memoryLimit < minimumLimit()) {
      throw new IllegalArgumentException("memoryLimit " + format(memoryLimit) + " is below the smallest for a worker JVM, "
          + format(minimumLimit()) + " (a heap of " + format(MIN_HEAP) + " beside the JVM's own memory)");
    }
    long heap = (long) (FULL_HEAP_TARGET * memoryLimit) - NON_HEAP;
    return heap >> 20 << 20;
  }

  /** The smallest memory limit (whole MiB) that leaves a worker JVM a heap of {@link #MIN_HEAP}. */
  public static long minimumLimit() {
    long limit = (long) Math.ceil((MIN_HEAP + NON_HEAP) / FULL_HEAP_TARGET);
    return (limit + (1 << 20) - 1) >> 20 << 20;
  }

  /** The heap options of a worker JVM with {@code memoryLimit} (-Xms and -Xmx alike); none for no limit. */
  public static List<String> heapOptions(long memoryLimit) {
    long heap = heapBytes(memoryLimit);
    if (heap == 0) {
      return List.of();
    }
    long mb = heap >> 20;
    return List.of("-Xms" + mb + "m", "-Xmx" + mb + "m");
  }

  /** The maximum heap a JVM command line sets (its last -Xmx), in bytes; 0 when it sets none. */
  static long maxHeapOf(List<String> command) {
    long heap = 0;
    for (String arg : command) {
      if (arg.startsWith("-Xmx") && arg.length() > 4) {
        heap = parseSize(arg.substring(4), heap);
      }
    }
    return heap;
  }

  /** A JVM size ({@code 512m}, {@code 2g}, {@code 1048576}); {@code otherwise} when it does not parse. */
  private static long parseSize(String size, long otherwise) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    int shift = switch (unit) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    try {
      return Long.parseLong(shift == 0 ? size : size.substring(0, size.length() - 1)) << shift;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** Bytes as the nanny writes them ({@code 250 MiB}); see {@link ResidentMemory#format(long)}. */
  public static String format(long bytes) {
    return ResidentMemory.format(bytes);
  }
}
