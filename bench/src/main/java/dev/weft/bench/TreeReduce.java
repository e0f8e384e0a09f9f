package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.Delayed;
import dev.weft.client.TaskFuture;
import java.util.ArrayList;
import java.util.List;

/**
 * W4: a tree reduction as dask's {@code dag.py} builds it: {@code leaves} tasks
 * {@code inc(i)} reduced pairwise with {@code add} until one remains ({@code 2 * leaves - 1}
 * tasks). The graph is built before the clock starts; the figure is tasks per second from
 * {@code client.compute(root)} to its result. Each run uses fresh leaves, so nothing is reused.
 */
final class TreeReduce {

  private long salt;

  /** Tasks per second of one reduction over {@code leaves} leaves. */
  double tasksPerSecond(Client client, int leaves) {
    int first = (int) (++salt % 1000) * leaves;
    List<Delayed<Integer>> level = new ArrayList<>(leaves);
    for (int i = 0; i < leaves; i++) {
      level.add(Delayed.call(Tasks::inc, first + i));
    }
    int tasks = leaves;
    while (level.size() > 1) {
      List<Delayed<Integer>> next = new ArrayList<>(level.size() / 2 + 1);
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(Delayed.call(Tasks::add, level.get(i), level.get(i + 1)));
        tasks++;
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      level = next;
    }
    long start = System.nanoTime();
    TaskFuture<Integer> root = client.compute(level.get(0));
    int sum = root.result();
    double seconds = (System.nanoTime() - start) / 1e9;
    root.release();
    long expected = (long) leaves * first + (long) leaves * (leaves + 1) / 2;
    if (sum != (int) expected) {
      throw new IllegalStateException("tree summed " + sum + ", expected " + (int) expected);
    }
    return tasks / seconds;
  }
}
