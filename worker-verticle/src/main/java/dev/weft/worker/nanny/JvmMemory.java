package dev.weft.worker.nanny;

import dev.weft.protocol.MemoryLimit;
import java.util.List;

/**
 * The memory of a worker JVM with a memory limit. The limit is what the worker keeps its heap's
 * contents under (spilling and pausing as its fractions say), and the heap is the limit plus
 * headroom ({@link #heapBytes}). The JVM's own memory comes on top of the heap — metaspace, code,
 * thread stacks, GC structures, Netty's and Hazelcast's buffers — so the nanny kills a worker
 * whose resident memory (RSS) passes the heap plus {@value #NON_HEAP_MIB} MiB: that is 95% (dask's
 * {@code terminate}) of the budget {@link #residentBudget} reports. dask applies the 95% to the limit
 * itself: a Python worker has no fixed runtime of this size, nor a heap it cannot pass.
 *
 * <p>Measured on Linux (2 cores, loaded), Java 17.0.15, with real worker JVMs
 * (JvmMemoryMeasurement in the client's tests: SerialGC, one worker joined to a LocalCluster;
 * RSS is VmRSS of /proc/(pid)/status; "full" is after filling the heap with 1 MiB arrays until
 * less than 4 MiB was free after a full collection, and again after an OutOfMemoryError):
 *
 * <pre>
 * heap (-Xmx)        idle, 20 tasks  after 3,000 tasks  heap full       beside the full heap
 * 70 MiB,  Xms=Xmx   186–190 MiB     220–222 MiB        225–227 MiB     155–157 MiB (162–167 *)
 * 104 MiB, Xms=Xmx   199 MiB         230–233 MiB        267–272 MiB     163–168 MiB
 * 256 MiB, Xms=Xmx   241 MiB         279 MiB            407 MiB         151 MiB
 * 737 MiB, Xms=Xmx   262 MiB         405 MiB            890 MiB         153 MiB
 * 761 MiB, Xms=Xmx   253–256 MiB     411–422 MiB        922–939 MiB     161–178 MiB (144–182 *)
 * 1 GiB,   Xms=Xmx   254 MiB         456 MiB            1177–1178 MiB   153–154 MiB
 * 256 MiB, Xms=8m    185 MiB         239 MiB            415–419 MiB     159–163 MiB
 * 1 GiB,   Xms=8m    170 MiB         223 MiB            1148–1185 MiB   124–161 MiB
 * (*) two more runs, one with -XX:TrimNativeHeapInterval=1000, one with MALLOC_ARENA_MAX=2:
 *     neither lowered it steadily
 * </pre>
 *
 * <p>So a full heap is resident beside 144–182 MiB of the JVM's own, whatever the heap's size:
 * NMT at a 256 MiB heap counts metaspace and class space 48 MiB, compiler arenas 22 MiB (31 at
 * their peak), code 17 MiB, CDS archive 12 MiB, symbols 10 MiB, 70 thread stacks 7 MiB; the rest
 * (about 36 MiB) is the JVM's own code and the C library's heap. {@value #NON_HEAP_MIB} MiB is the
 * most seen plus 40 MiB for the network buffers of values in flight (two worker JVMs at 256 MiB
 * serving 100 values of 8 MiB at once sat at 165 MiB beside their full heaps, 175 MiB with native
 * memory tracking on). A worker whose heap fills ends with an OutOfMemoryError (and
 * -XX:+ExitOnOutOfMemoryError) naming the heap; memory outside the heap that grows (direct
 * buffers, a task's native memory) is what the nanny's 95% catches.
 *
 * <p>-Xms equals -Xmx up to 2 GiB: a full heap is resident the same either way (above), and it is
 * the case the budget has to hold for; a heap grown step by step from a small start only lowers
 * the RSS of a worker with little data, at the cost of full collections on large transfers (see
 * WorkerJvm). Above 2 GiB the heap starts at 2 GiB, so that a worker JVM asking for most of the
 * machine can still start.
 */
public final class JvmMemory {

  /** {@link #MIN_HEAP} in MiB. */
  static final int MIN_HEAP_MIB = 64;
  /** The smallest heap a worker JVM is given: a smaller limit is refused (a worker's own live data is some 30 MiB). */
  public static final long MIN_HEAP = (long) MIN_HEAP_MIB << 20;
  /** {@link #NON_HEAP} in MiB. */
  static final int NON_HEAP_MIB = 224;
  /** Resident memory of a worker JVM besides its full heap: the most measured, 182 MiB, and network buffers (see above). */
  public static final long NON_HEAP = (long) NON_HEAP_MIB << 20;

  /**
   * The young generation is this share of the heap ({@code 1/8}), between {@value #MIN_YOUNG_MIB}
   * and {@value #MAX_YOUNG_MIB} MiB. Values a worker holds live in the old generation, and the
   * memory thresholds (a fraction of the whole heap: spill down to 60%, pause at 80%) need it to be
   * most of the heap; the JVM's default third would leave a 256 MiB worker 171 MiB for its values
   * and everything else long-lived. A young generation is resident once used, so capping it also
   * keeps a 12 GiB worker ("auto" on a 24 GiB machine with two workers) from being 4 GiB resident
   * while doing almost nothing.
   */
  static final int YOUNG_SHARE = 8;
  /** The smallest young generation in MiB. */
  static final int MIN_YOUNG_MIB = 8;
  /** The largest young generation in MiB. */
  static final int MAX_YOUNG_MIB = 512;
  /**
   * The initial heap at most, in MiB: all of a larger heap committed at start can fail on a machine
   * whose memory it nearly is (the JVM then cannot start), and it is resident once used anyway.
   */
  static final int MAX_INITIAL_HEAP_MIB = 2048;
  /** The least headroom of the heap over the limit, in MiB. */
  static final int MIN_HEADROOM_MIB = 64;

  private JvmMemory() {}

  /**
   * The heap of a worker JVM with {@code memoryLimit}: the limit plus headroom of a quarter of it
   * (at least {@value #MIN_HEADROOM_MIB} MiB), whole MiB; 0 for no limit. The worker keeps what it
   * holds under the limit (spilling, pausing); the headroom is for what is in flight meanwhile —
   * a task's new result, a value being written to disk or sent — since a JVM, unlike a process,
   * cannot pass its heap for a moment: it fails.
   */
  public static long heapBytes(long memoryLimit) {
    return heapBytes(memoryLimit, MemoryLimit.machineBytes());
  }

  /**
   * As {@link #heapBytes(long)} on a machine of {@code machineBytes}: the headroom shrinks so that
   * heap and the JVM's own memory fit the machine (a limit of the whole machine, dask's "auto" for
   * one worker, gets no headroom), but the heap is never below the limit.
   */
  static long heapBytes(long memoryLimit, long machineBytes) {
    if (memoryLimit <= 0) {
      return 0;
    }
    long wanted = memoryLimit + Math.max((long) MIN_HEADROOM_MIB << 20, memoryLimit / 4);
    return Math.max(memoryLimit, Math.min(wanted, machineBytes - NON_HEAP)) >> 20 << 20;
  }

  /**
   * The resident memory budget of a worker JVM with {@code memoryLimit}, whole MiB, 0 for no limit:
   * its {@link MemoryBudget#TERMINATE} share is the heap plus the JVM's own memory, where the nanny
   * kills it.
   */
  public static long residentBudget(long memoryLimit) {
    if (memoryLimit <= 0) {
      return 0;
    }
    long killAt = heapBytes(memoryLimit) + NON_HEAP;
    return (long) Math.ceil(killAt / MemoryBudget.TERMINATE / (1 << 20)) << 20;
  }

  /**
   * The heap options of a worker JVM with {@code memoryLimit} (-Xms and -Xmx alike, see
   * {@link #heapBytes}, and the young generation's size, see {@link #YOUNG_SHARE}); none for no
   * limit (the JVM's default heap).
   *
   * @throws IllegalArgumentException when the limit is below {@link #MIN_HEAP}
   */
  public static List<String> heapOptions(long memoryLimit) {
    if (memoryLimit <= 0) {
      return List.of();
    }
    if (memoryLimit < MIN_HEAP) {
      throw new IllegalArgumentException("memoryLimit " + MemoryLimit.format(memoryLimit)
          + " is below the smallest of a worker JVM, " + MemoryLimit.format(MIN_HEAP));
    }
    long mb = heapBytes(memoryLimit) >> 20;
    long young = Math.min(MAX_YOUNG_MIB, Math.max(MIN_YOUNG_MIB, mb / YOUNG_SHARE));
    return List.of("-Xms" + Math.min(mb, MAX_INITIAL_HEAP_MIB) + "m", "-Xmx" + mb + "m", "-Xmn" + young + "m");
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

}
