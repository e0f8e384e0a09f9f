package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.TaskFuture;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.IntStream;

/**
 * W1 and W7's rate: {@code client.map(inc, n items)} then {@code gather}, timed from the map call
 * to the gathered list, as dask's {@code throughput.py}. Each run maps fresh items, so every task
 * is computed anew. Beside the rate, the CPU time this JVM spent per task (all its threads: with
 * an in-process cluster that is client, scheduler and workers), a figure the machine's other load
 * disturbs far less than the rate.
 */
final class MapGather {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU microseconds per task of this JVM in the last run. */
  private double cpuMicrosPerTask;
  private long salt;

  /** Tasks per second of one map + gather over {@code n} items. */
  double tasksPerSecond(Client client, int n) {
    long cpu = OS.getProcessCpuTime();
    int first = (int) (++salt % 1000) * n;
    List<Integer> items = IntStream.range(first, first + n).boxed().toList();
    long start = System.nanoTime();
    List<TaskFuture<Integer>> futures = client.map(Tasks::inc, items);
    List<Integer> values = client.gather(futures).await();
    double seconds = (System.nanoTime() - start) / 1e9;
    cpuMicrosPerTask = (OS.getProcessCpuTime() - cpu) / 1e3 / n;
    if (values.size() != n || values.get(n - 1) != first + n) {
      throw new IllegalStateException("map gathered wrong values");
    }
    futures.forEach(TaskFuture::release);
    return n / seconds;
  }

  /** CPU microseconds per task this JVM spent in the last {@link #tasksPerSecond} run. */
  double cpuMicrosPerTask() {
    return cpuMicrosPerTask;
  }
}
