package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.TaskFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * First cut of the benchmark harness: the in-process shape (2 workers × 1 thread) on W1 (map +
 * gather), W2 (sequential submit → result latency) and W3 (a chain of dependent tasks). Prints one
 * table: median and range over the repetitions after a warm-up.
 */
public final class InProcessBench {

  private InProcessBench() {}

  static int inc(int x) {
    return x + 1;
  }

  /** Runs every workload; {@code args[0]} = repetitions (default 5). */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).validate(false).build();
         Client client = Client.connect(cluster)) {
      System.out.printf("%-4s %-40s %14s %24s%n", "id", "workload", "median", "range");
      row("W1", "map(inc) x 100,000, gather (tasks/s)", measure(reps, () -> w1(client, 100_000)));
      row("W2", "2,000 sequential submit->result (p50 ms)", measure(reps, () -> w2(client, 2_000)));
      row("W3", "chain of 2,000 dependent tasks (ms/task)", measure(reps, () -> w3(client, 2_000)));
    }
  }

  static double w1(Client client, int n) {
    long start = System.nanoTime();
    List<TaskFuture<Integer>> futures = client.map(InProcessBench::inc, IntStream.range(0, n).boxed().toList());
    client.gather(futures).await();
    double seconds = (System.nanoTime() - start) / 1e9;
    futures.forEach(TaskFuture::release);
    return n / seconds;
  }

  static double w2(Client client, int n) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      TaskFuture<Integer> f = client.task(InProcessBench::inc, i).pure(false).submit();
      f.result();
      ms[i] = (System.nanoTime() - start) / 1e6;
      f.release();
    }
    Arrays.sort(ms);
    return ms[n / 2];
  }

  static double w3(Client client, int n) {
    long start = System.nanoTime();
    List<TaskFuture<Integer>> chain = new ArrayList<>(n);
    TaskFuture<Integer> prev = client.task(InProcessBench::inc, 0).pure(false).submit();
    chain.add(prev);
    for (int i = 1; i < n; i++) {
      prev = client.submit(InProcessBench::inc, prev);
      chain.add(prev);
    }
    int last = prev.result();
    if (last != n) {
      throw new IllegalStateException("chain computed " + last + ", expected " + n);
    }
    double perTask = (System.nanoTime() - start) / 1e6 / n;
    chain.forEach(TaskFuture::release);
    return perTask;
  }

  private static double[] measure(int reps, java.util.function.DoubleSupplier run) {
    run.getAsDouble();
    double[] out = new double[reps];
    for (int i = 0; i < reps; i++) {
      out[i] = run.getAsDouble();
    }
    Arrays.sort(out);
    return out;
  }

  private static void row(String id, String name, double[] values) {
    System.out.printf("%-4s %-40s %14.3f %11.3f - %10.3f%n", id, name, values[values.length / 2], values[0],
        values[values.length - 1]);
  }
}
