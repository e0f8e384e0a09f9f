package dev.weft.demo;

import dev.weft.client.Client;
import dev.weft.client.ClientOptions;
import dev.weft.client.LocalCluster;
import dev.weft.client.Progress;
import dev.weft.client.TaskFuture;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The README's demo: estimates π with 1,000 Monte Carlo tasks on an embedded cluster, then sums
 * their hit counts with a tree reduction that runs on the workers, showing progress as it goes.
 */
public final class MonteCarloPi {

  private static final int TASKS = 1_000;
  private static final int SAMPLES_PER_TASK = 200_000;

  private MonteCarloPi() {}

  /** Points of {@code n} random samples (seeded by {@code seed}) that fall inside the unit circle. */
  static long hits(int seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    long inside = 0;
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (x * x + y * y <= 1.0) {
        inside++;
      }
    }
    return inside;
  }

  static long sum(long a, long b) {
    return a + b;
  }

  /**
   * Runs the demo and prints the estimate: on an embedded cluster, or with
   * {@code --connect JSON} (see {@link ClientOptions}) on a running one.
   */
  public static void main(String[] args) {
    long start = System.nanoTime();
    if ((args.length == 2 || args.length == 4 && args[2].equals("--workers")) && args[0].equals("--connect")) {
      try (Client client = Client.connect(ClientOptions.fromJson(new JsonObject(args[1])))) {
        client.waitForWorkers(args.length == 4 ? Integer.parseInt(args[3]) : 1, Duration.ofMinutes(2)).await();
        System.out.println("Connected to " + client.schedulerInfo().await() + " in " + millis(start) + " ms");
        run(client, start);
      }
    } else if (args.length == 0) {
      try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
           Client client = Client.connect(cluster)) {
        System.out.println("Started " + cluster + " in " + millis(start) + " ms");
        run(client, start);
      }
    } else {
      System.err.println("usage: MonteCarloPi [--connect '{\"clusterName\": \"weft\"}' [--workers N]]");
      System.exit(2);
    }
  }

  private static void run(Client client, long start) {
    List<TaskFuture<Long>> sampling = client.map(seed -> hits(seed, SAMPLES_PER_TASK),
        IntStream.range(0, TASKS).boxed().toList());
    List<TaskFuture<Long>> level = sampling;
    int reductions = 0;
    while (level.size() > 1) {
      List<TaskFuture<Long>> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(client.submit(MonteCarloPi::sum, level.get(i), level.get(i + 1)));
      }
      if (level.size() % 2 == 1) {
        next.add(level.get(level.size() - 1));
      }
      reductions += level.size() / 2;
      level = next;
    }
    TaskFuture<Long> total = level.get(0);
    Progress.show(sampling, System.out); // a bar redrawn on a terminal, a line per tenth otherwise
    long samples = (long) TASKS * SAMPLES_PER_TASK;
    double pi = 4.0 * total.result() / samples;
    System.out.printf("%d sampling tasks + %d reduction tasks, %,d samples%n", TASKS, reductions, samples);
    System.out.printf("pi ~= %.5f (error %.5f) in %d ms%n", pi, Math.abs(pi - Math.PI), millis(start));
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
