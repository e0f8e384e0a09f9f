package dev.weft.bench;

import java.util.Arrays;
import java.util.Locale;

/** The repetitions of one measurement: median and [min–max]. */
public record Stats(double median, double min, double max, int n) {

  /** The median and range of {@code values} (at least one). */
  public static Stats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return new Stats(median, sorted[0], sorted[sorted.length - 1], sorted.length);
  }

  /** These figures multiplied by {@code factor} (a change of unit). */
  public Stats times(double factor) {
    return new Stats(median * factor, min * factor, max * factor, n);
  }

  /** "median [min–max]" with as many decimals as the size of the median calls for. */
  public String format() {
    if (n == 1) {
      return number(median);
    }
    return number(median) + " [" + number(min) + "–" + number(max) + "]";
  }

  /** A figure with three significant digits at most past the point, grouped by thousands. */
  static String number(double v) {
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%,.0f" : a >= 10 ? "%,.1f" : a >= 1 ? "%,.2f" : "%,.3f";
    return String.format(Locale.ROOT, pattern, v);
  }
}
