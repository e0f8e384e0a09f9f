package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were taken on: cores, Java, and the load average. */
final class Machine {

  private Machine() {}

  /** "2 cores, Java 17.0.15, Linux 6.1". */
  static String describe() {
    return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  /** The 1-, 5- and 15-minute load averages, as {@code uptime} prints them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException e) {
      return String.format(java.util.Locale.ROOT, "%.2f", java.lang.management.ManagementFactory
          .getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
