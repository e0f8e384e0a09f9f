package dev.weft.client;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human byte sizes as dask does: "2GiB", "500 MB", "1e9", "0" (no limit). */
final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("\\s*([0-9.eE+]+)\\s*([a-zA-Z]*)\\s*");

  private ByteSizes() {}

  /** Bytes in {@code text}; throws IllegalArgumentException naming {@code key} when unreadable. */
  static long parse(String key, String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(key + ": cannot read \"" + text + "\" as a size");
    }
    double n;
    try {
      n = Double.parseDouble(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": cannot read \"" + text + "\" as a size", e);
    }
    long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kb" -> 1000L;
      case "mb" -> 1000L * 1000;
      case "gb" -> 1000L * 1000 * 1000;
      case "tb" -> 1000L * 1000 * 1000 * 1000;
      case "kib" -> 1L << 10;
      case "mib" -> 1L << 20;
      case "gib" -> 1L << 30;
      case "tib" -> 1L << 40;
      default -> throw new IllegalArgumentException(key + ": unknown unit \"" + m.group(2) + "\" in \"" + text + "\"");
    };
    if (n < 0) {
      throw new IllegalArgumentException(key + ": size must not be negative: " + text);
    }
    return (long) (n * unit);
  }
}
