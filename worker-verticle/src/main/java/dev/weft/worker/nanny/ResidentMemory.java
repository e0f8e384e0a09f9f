package dev.weft.worker.nanny;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory (RSS) of a process, read as Linux shows it: the {@code VmRSS} line of
 * {@code /proc/<pid>/status} (dask's nanny reads the same number through psutil).
 */
public final class ResidentMemory {

  private ResidentMemory() {}

  /** True where processes' resident memory can be read (Linux: /proc is mounted). */
  public static boolean readable() {
    return Files.isReadable(Path.of("/proc", "self", "status"));
  }

  /** Bytes resident of process {@code pid}; -1 when it cannot be read (gone, or no /proc). */
  public static long of(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Bytes of the {@code VmRSS:} line of a /proc status text (given in kB); -1 without one. */
  static long parse(String status) {
    int at = status.indexOf("VmRSS:");
    if (at < 0) {
      return -1;
    }
    int end = status.indexOf('\n', at);
    String value = status.substring(at + "VmRSS:".length(), end < 0 ? status.length() : end).trim();
    if (!value.endsWith("kB")) {
      return -1;
    }
    return Long.parseLong(value.substring(0, value.length() - 2).trim()) * 1024;
  }
}
