package dev.weft.bench;

/**
 * The figure a row must reach, on the median: at least (or at most) {@code inProcess} for Weft
 * in-process and {@code multiJvm} with worker JVMs; null where the row sets none.
 */
record Target(String text, boolean higherIsBetter, Double inProcess, Double multiJvm) {

  /** A row with no target; {@code higherIsBetter} orients the ratio to dask. */
  static Target none(boolean higherIsBetter) {
    return new Target("", higherIsBetter, null, null);
  }

  static Target atLeast(String text, Double inProcess, Double multiJvm) {
    return new Target(text, true, inProcess, multiJvm);
  }

  static Target atMost(String text, Double inProcess, Double multiJvm) {
    return new Target(text, false, inProcess, multiJvm);
  }

  /** Whether {@code figure} reaches {@code threshold}; null when either is absent. */
  Boolean meets(Double threshold, Stats figure) {
    if (threshold == null || figure == null) {
      return null;
    }
    return higherIsBetter ? figure.median() >= threshold : figure.median() <= threshold;
  }
}
