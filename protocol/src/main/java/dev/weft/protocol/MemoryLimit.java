package dev.weft.protocol;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Worker memory limits read as dask.distributed reads them ({@code parse_memory_limit} in
 * {@code distributed.worker_memory}, sizes as {@code dask.utils.parse_bytes}), and bytes written
 * as dask's {@code format_bytes}. The one parser of byte sizes in Weft: the {@code LocalCluster}
 * builder and the worker's JSON options both read their {@code memoryLimit} here.
 */
public final class MemoryLimit {

  private static final Logger LOG = System.getLogger(MemoryLimit.class.getName());

  /** What {@link #parse} accepts, for error messages. */
  private static final String ACCEPTED = "accepted: \"auto\" (the machine's memory shared among the workers),"
      + " 0, \"none\" or nothing (no limit), a fraction of the machine's memory up to 1 (\"0.5\"),"
      + " a number of bytes (\"2000000000\") or a size with a unit (\"2GiB\", \"500 MB\";"
      + " units B, kB, MB, GB, TB, PB powers of 1000 and KiB, MiB, GiB, TiB, PiB powers of 1024,"
      + " any case)";

  /** A number as Python's {@code float()} reads one (no inf/nan): "2", "0.5", ".5", "1e9", "-3". */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Unit (lower case) → bytes, as dask's {@code parse_bytes} table, short forms ("m", "mi") included. */
  private static final Map<String, Long> UNITS = units();

  private MemoryLimit() {}

  /**
   * The machine's memory in bytes, as dask's {@code distributed.system.MEMORY_LIMIT}: the JVM's
   * view of total physical memory, which in JDK 17 honours cgroup (container) limits. Falls back to
   * the JVM's maximum heap where the platform does not report physical memory.
   */
  public static long machineBytes() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      if (total > 0) {
        return total;
      }
    }
    return Runtime.getRuntime().maxMemory();
  }

  /**
   * The memory limit in bytes that {@code spec} asks for, 0 meaning no limit, as dask's
   * {@code parse_memory_limit}:
   * <ul>
   *   <li>{@code null}, blank, "0" or "none" (any case): 0, no limit;</li>
   *   <li>"auto" (any case): {@code machineBytes} divided among {@code workersSharing} workers (at least 1),
   *       as dask's {@code LocalCluster} divides the machine;</li>
   *   <li>a plain number up to 1 ("0.5", "1"): that fraction of {@code machineBytes};</li>
   *   <li>a plain number above 1 ("100", "1e9"): bytes;</li>
   *   <li>a size as dask's {@code parse_bytes} ("2GiB", "2 GB", "1.5GiB", "5kB", "100M"): decimal
   *       units (kB, MB, GB, TB, PB; "k", "M", ... alone too) are powers of 1000, binary ones (KiB,
   *       MiB, GiB, TiB, PiB; "Ki", "Mi", ... too) of 1024, any case; a unit alone is one of it.</li>
   * </ul>
   * Fractions of bytes are dropped. More than {@code machineBytes} is capped at it, with a warning
   * naming both (dask: "Ignoring provided memory limit ... due to system memory limit of ...").
   *
   * @param spec the limit as written; see above
   * @param machineBytes the machine's memory, usually {@link #machineBytes()}; must be positive
   * @param workersSharing the workers that share the machine under "auto"; below 1 counts as 1
   * @return the limit in bytes, 0 for none
   * @throws IllegalArgumentException for a negative number or anything unreadable; the message
   *     quotes {@code spec} and lists what is accepted
   */
  public static long parse(String spec, long machineBytes, int workersSharing) {
    if (machineBytes <= 0) {
      throw new IllegalArgumentException("machineBytes must be > 0, got " + machineBytes);
    }
    String s = spec == null ? "" : spec.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("none")) {
      return 0;
    }
    if (s.equalsIgnoreCase("auto")) {
      return machineBytes / Math.max(1, workersSharing);
    }
    double requested;
    if (NUMBER.matcher(s).matches()) {
      double n = number(spec, s);
      requested = n <= 1 ? n * machineBytes : n;
    } else {
      requested = size(spec, s);
    }
    if (requested > machineBytes) {
      LOG.log(Level.WARNING, "Ignoring provided memory limit \"{0}\" ({1}) due to system memory limit of {2}",
          spec, format((long) requested), format(machineBytes));
      return machineBytes;
    }
    return Math.min((long) requested, machineBytes);
  }

  /**
   * {@code n} bytes as dask's {@code format_bytes} writes them, for messages: "100 B", "0.98 kiB",
   * "512.00 MiB", "7.45 GiB" (a binary prefix once {@code n} reaches 0.9 of it).
   *
   * @param n a number of bytes
   * @return {@code n} with two decimals and the largest fitting binary unit
   */
  public static String format(long n) {
    String[] prefixes = {"Pi", "Ti", "Gi", "Mi", "ki"};
    for (int i = 0; i < prefixes.length; i++) {
      double k = Math.pow(2, 10 * (prefixes.length - i));
      if (n >= k * 0.9) {
        return String.format(Locale.ROOT, "%.2f %sB", n / k, prefixes[i]);
      }
    }
    return n + " B";
  }

  /** {@code s} (a size such as "2GiB") in bytes, as dask's {@code parse_bytes}. */
  private static double size(String spec, String s) {
    String t = s.replaceAll("\\s", "");
    if (t.chars().noneMatch(Character::isDigit)) {
      t = "1" + t; // dask: a unit alone is one of it ("MB" → 1000000)
    }
    int end = t.length();
    while (end > 0 && Character.isLetter(t.charAt(end - 1))) {
      end--;
    }
    String prefix = t.substring(0, end);
    String unit = t.substring(end);
    if (!NUMBER.matcher(prefix).matches()) {
      throw refused(spec, "\"" + prefix + "\" is not a number");
    }
    Long multiplier = UNITS.get(unit.toLowerCase(Locale.ROOT));
    if (multiplier == null) {
      throw refused(spec, "unknown unit \"" + unit + "\"");
    }
    return number(spec, prefix) * multiplier;
  }

  /** {@code s}, which matches {@link #NUMBER}, as a finite, non-negative number. */
  private static double number(String spec, String s) {
    double n = Double.parseDouble(s);
    if (!Double.isFinite(n)) {
      throw refused(spec, "too large");
    }
    if (n < 0) {
      throw refused(spec, "must not be negative");
    }
    return n;
  }

  private static IllegalArgumentException refused(String spec, String why) {
    return new IllegalArgumentException("cannot read \"" + spec + "\" as a memory limit: " + why + "; " + ACCEPTED);
  }

  private static Map<String, Long> units() {
    Map<String, Long> u = new HashMap<>();
    String[] decimal = {"k", "m", "g", "t", "p"};
    for (int i = 0; i < decimal.length; i++) {
      long d = (long) Math.pow(1000, i + 1);
      long b = 1L << (10 * (i + 1));
      u.put(decimal[i] + "b", d);
      u.put(decimal[i], d);
      u.put(decimal[i] + "ib", b);
      u.put(decimal[i] + "i", b);
    }
    u.put("b", 1L);
    u.put("", 1L);
    return Map.copyOf(u);
  }
}
