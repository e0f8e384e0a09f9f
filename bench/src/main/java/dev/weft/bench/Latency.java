package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.TaskFuture;
import java.util.Arrays;

/**
 * W2: {@code n} sequential {@code submit(inc, i).result()} round trips, each timed on its own
 * (fresh keys), as dask's {@code latency.py}; the figure is the median round trip of one run.
 */
final class Latency {

  private Latency() {}

  /** Median milliseconds from submit to result over {@code n} sequential round trips. */
  static double p50Millis(Client client, int n) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      TaskFuture<Integer> f = client.task(Tasks::inc, i).pure(false).submit();
      int v = f.result();
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (v != i + 1) {
        throw new IllegalStateException("inc(" + i + ") = " + v);
      }
      f.release();
    }
    Arrays.sort(ms);
    return ms[n / 2];
  }
}
