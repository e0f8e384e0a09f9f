package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.TaskFuture;
import java.util.ArrayList;
import java.util.List;

/**
 * W3: a chain of {@code n} dependent tasks, {@code x0 = inc(0)}, {@code x_i = inc(x_{i-1})},
 * submitted one by one as futures and timed from the first submit to the last result, as the
 * {@code chain_futures} part of dask's {@code dag.py}.
 */
final class Chain {

  private Chain() {}

  /** Milliseconds per task of one chain of {@code n}. */
  static double millisPerTask(Client client, int n) {
    long start = System.nanoTime();
    List<TaskFuture<Integer>> chain = new ArrayList<>(n);
    TaskFuture<Integer> prev = client.task(Tasks::inc, 0).pure(false).submit();
    chain.add(prev);
    for (int i = 1; i < n; i++) {
      prev = client.submit(Tasks::inc, prev);
      chain.add(prev);
    }
    int last = prev.result();
    double perTask = (System.nanoTime() - start) / 1e6 / n;
    if (last != n) {
      throw new IllegalStateException("chain computed " + last + ", expected " + n);
    }
    chain.forEach(TaskFuture::release);
    return perTask;
  }
}
