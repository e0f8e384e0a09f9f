package dev.weft.client;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A program showing a progress bar on standard error, for {@link ProgressOutputTest} to run with
 * that redirected to a file or on a terminal: 50 tasks on an in-process cluster, then "done" on
 * standard output.
 */
public final class ProgressMain {
  private ProgressMain() {}

  /** Runs the tasks and shows their progress with {@code Progress.show(futures)}. */
  public static void main(String[] args) {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(2).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      List<TaskFuture<Integer>> futures = client.map(Demo::inc, IntStream.range(0, 50).boxed().toList());
      Progress.show(futures);
    }
    System.out.println("done");
    System.exit(0);
  }
}
