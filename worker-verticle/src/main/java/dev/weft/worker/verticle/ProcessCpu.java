package dev.weft.worker.verticle;

import java.lang.management.ManagementFactory;

/**
 * This JVM's CPU use between two readings, as a percentage of one core (200 = two cores busy).
 * Workers sharing a JVM report the same figure. Not thread-safe: one reader.
 */
final class ProcessCpu {

  private final com.sun.management.OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
  /** Process CPU nanoseconds at the previous reading (-1 when the JVM cannot tell). */
  private long lastCpuNanos = os.getProcessCpuTime();
  /** Wall-clock nanoseconds at the previous reading. */
  private long lastWallNanos = System.nanoTime();

  /** CPU use since the previous call (or since construction); 0 when unknown. */
  double percentSinceLastCall() {
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    double percent = cpu < 0 || lastCpuNanos < 0 || wall == lastWallNanos
        ? 0 : 100.0 * (cpu - lastCpuNanos) / (wall - lastWallNanos);
    lastCpuNanos = cpu;
    lastWallNanos = wall;
    return Math.max(0, percent);
  }
}
