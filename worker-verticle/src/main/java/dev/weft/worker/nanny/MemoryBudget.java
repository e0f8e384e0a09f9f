package dev.weft.worker.nanny;

import dev.weft.protocol.MemoryLimit;

/**
 * A worker's memory budget as its nanny enforces it (dask's
 * {@code distributed.worker.memory.terminate}): a process whose resident memory passes
 * {@code fraction} of {@code limit} is to be killed. A limit of 0 means none: nothing exceeds it.
 *
 * @param limit the worker's resident memory budget in bytes (0: none): for a worker JVM, its memory
 *     limit (the heap) plus the JVM's own memory ({@link JvmMemory#residentBudget})
 * @param fraction the share of the limit at which the worker is killed, in (0, 1]
 */
public record MemoryBudget(long limit, double fraction) {

  /** dask's {@code distributed.worker.memory.terminate}: 95% of the memory limit. */
  public static final double TERMINATE = 0.95;

  /** Checks the fraction and the limit. */
  public MemoryBudget {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("terminate fraction must be in (0, 1], got " + fraction);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("memory limit must be >= 0 (0: none), got " + limit);
    }
  }

  /** True when there is a limit to watch. */
  public boolean watched() {
    return limit > 0;
  }

  /** True when a process resident in {@code rss} bytes is over budget (never without a limit or a reading). */
  public boolean exceeded(long rss) {
    return watched() && rss >= 0 && rss > fraction * limit;
  }

  /** The budget as a percentage, e.g. {@code 95%}. */
  String percent() {
    return Math.round(fraction * 100) + "%";
  }

  /**
   * Why the nanny killed a worker resident in {@code rss} bytes, phrased to follow "it" (see
   * {@code WorkerLost}): {@code was killed by its nanny: resident memory 420.00 MiB exceeded 95% of
   * its 440.00 MiB memory budget}.
   */
  public String reason(long rss) {
    return "was killed by its nanny: resident memory " + MemoryLimit.format(rss) + " exceeded " + percent()
        + " of its " + MemoryLimit.format(limit) + " memory budget";
  }

  /** dask's warning: {@code Worker w (pid=42) exceeded 95% memory budget (420.00 MiB of 440.00 MiB); restarting}. */
  public String warning(String workerId, long pid, long rss) {
    return "Worker " + workerId + " (pid=" + pid + ") exceeded " + percent() + " memory budget ("
        + MemoryLimit.format(rss) + " of " + MemoryLimit.format(limit) + "); restarting";
  }
}
