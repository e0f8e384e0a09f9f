package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The benchmark harness (issue 6): runs the workloads W1–W8 on Weft in-process (scheduler and 2
 * workers × 1 thread in this JVM) and with 2 worker JVMs, runs the same workloads on
 * dask.distributed through its anchor scripts when {@code /usr/bin/python3} has it, and prints one
 * table: median [min–max] over the repetitions after a warm-up, the ratio to dask, the target and
 * whether it is met. Started by {@code bench/run}; see {@code bench/README.md}.
 */
public final class Bench {

  private final BenchOptions options;
  /** Figures by workload and shape ("W1 in", "W1 multi", "W1 dask", …). */
  private final Map<String, Stats> figures = new HashMap<>();
  /** dask scripts skipped or stopped for the time budget. */
  private final List<String> missing = new ArrayList<>();
  /** {@link System#nanoTime()} past which no dask script runs: the start plus the time budget. */
  private long deadline;

  private Bench(BenchOptions options) {
    this.options = options;
  }

  /** Runs the harness; {@code bench/run --help} lists the options. */
  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(args);
    if (options == null) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    new Bench(options).run();
  }

  private void run() throws Exception {
    long started = System.nanoTime();
    deadline = started + (long) (options.budgetMinutes() * 60e9);
    String startLoad = Machine.loadAverage();
    progress("start; " + Machine.describe() + "; load average " + startLoad);
    inProcess();
    multiJvm();
    spilling();
    startup();
    dask();
    double minutes = (System.nanoTime() - started) / 60e9;
    System.out.println();
    System.out.printf(Locale.ROOT, "Weft benchmark, %s, %s%s%n",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), Machine.describe(),
        options.tls() ? "; worker JVMs with TLS and client certificates (--tls)" : "");
    System.out.printf(Locale.ROOT, "load average (1, 5, 15 min): %s at start, %s at end; %.1f minutes; "
        + "median [min–max] of %d runs after 1 warm-up (W5: 3; W1 multi-JVM: %d runs; W6: %d and %d fresh JVMs; W7's 1M map: one run)%n",
        startLoad, Machine.loadAverage(), minutes, options.reps(), fewReps(), options.reps(), fewReps());
    System.out.println();
    System.out.print(Table.render(Rows.of(figures)));
    System.out.println();
    System.out.println(Rows.NOTES);
    if (!missing.isEmpty()) {
      System.out.println("Not run for the " + options.budgetMinutes() + "-minute budget (--minutes): dask " + missing);
    }
  }

  /** Runs of the slowest measurements (W1 and W6 with worker JVMs), to keep the time budget. */
  private int fewReps() {
    return Math.min(3, options.reps());
  }

  private boolean wants(String id) {
    return options.only().isEmpty() || options.only().contains(id);
  }

  private void inProcess() throws Exception {
    if (!options.shapes().contains("in-process")) {
      return;
    }
    if (!wants("W1") && !wants("W2") && !wants("W3") && !wants("W4") && !wants("W7")) {
      return;
    }
    progress("in-process cluster");
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).processes(false).build();
         Client client = Client.connect(cluster)) {
      common(client, "in", options.reps());
      if (wants("W7")) {
        MapGather map = new MapGather();
        measure("W7 10k in", 2, () -> map.tasksPerSecond(client, 10_000));
        measure("W7 1M in", 0, 1, () -> map.tasksPerSecond(client, 1_000_000));
        Stats small = figures.get("W7 10k in");
        figures.put("W7 share in", figures.get("W7 1M in").times(100 / small.median()));
      }
    }
    if (wants("W7")) {
      measure("W7 heap in", 0, 1, () -> SchedulerHeap.bytesPerPendingTask(1_000_000));
    }
  }

  private void multiJvm() throws Exception {
    if (!options.shapes().contains("multi-jvm")) {
      return;
    }
    if (!wants("W1") && !wants("W2") && !wants("W3") && !wants("W4") && !wants("W5")) {
      return;
    }
    progress("cluster with 2 worker JVMs" + (options.tls() ? ", TLS" : ""));
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).processes(true)
            .security(options.tls()).build();
         Client client = Client.connect(cluster)) {
      common(client, "multi", fewReps());
      if (wants("W5")) {
        Transfer transfer = new Transfer();
        List<Transfer.Run> runs = new ArrayList<>();
        // Three warm-up transfers: the worker JVMs are fresh, and their first transfers run
        // interpreted code (the first two moved 100 MB at a third of the later rate).
        measure("W5 multi", Transfer.WARMUPS, () -> {
          Transfer.Run r = transfer.once(client);
          runs.add(r);
          return r.weftMBps();
        });
        List<Transfer.Run> kept = runs.subList(Transfer.WARMUPS, runs.size());
        figures.put("W5 raw multi", Stats.of(kept.stream().mapToDouble(Transfer.Run::rawMBps).toArray()));
        figures.put("W5 share multi", Stats.of(kept.stream().mapToDouble(r -> 100 * r.weftMBps() / r.rawMBps()).toArray()));
      }
    }
  }

  /** W1–W4 on {@code client}, filed under {@code shape}; W1 is run {@code mapReps} times. */
  private void common(Client client, String shape, int mapReps) throws Exception {
    if (wants("W1")) {
      MapGather map = new MapGather();
      List<Double> cpu = new ArrayList<>();
      measure("W1 " + shape, 1, mapReps, () -> {
        double rate = map.tasksPerSecond(client, 100_000);
        cpu.add(map.cpuMicrosPerTask());
        return rate;
      });
      figures.put("W1 cpu " + shape, Stats.of(cpu.subList(1, cpu.size()).stream().mapToDouble(Double::doubleValue).toArray()));
    }
    if (wants("W2")) {
      measure("W2 " + shape, 1, () -> Latency.p50Millis(client, 2_000));
    }
    if (wants("W3")) {
      measure("W3 " + shape, 1, () -> Chain.millisPerTask(client, 2_000));
    }
    if (wants("W4")) {
      TreeReduce tree = new TreeReduce();
      measure("W4 " + shape, 1, () -> tree.tasksPerSecond(client, 10_000));
    }
  }

  private void spilling() throws Exception {
    if (!wants("W8")) {
      return;
    }
    progress("spill files, " + Spilling.VALUES + " values of 8 MiB");
    for (boolean compressible : new boolean[] {false, true}) {
      String kind = compressible ? "lz4" : "raw";
      List<double[]> runs = new ArrayList<>();
      measure("W8 write " + kind + " multi", 1, () -> {
        double[] r = Spilling.diskMBps(compressible);
        runs.add(r);
        return r[0];
      });
      figures.put("W8 read " + kind + " multi", Stats.of(runs.subList(1, runs.size()).stream().mapToDouble(r -> r[1]).toArray()));
    }
    if (!options.shapes().contains("multi-jvm")) {
      return;
    }
    for (String limit : List.of("256MiB", "2GiB")) {
      progress("cluster with 2 worker JVMs at " + limit);
      boolean spills = limit.equals("256MiB");
      try (LocalCluster cluster = Spilling.cluster(limit); Client client = Client.connect(cluster)) {
        measure("W8 e2e " + limit + " multi", 1, fewReps(), () -> Spilling.endToEndMBps(client, spills));
      }
    }
    figures.put("W8 share multi", figures.get("W8 e2e 256MiB multi").times(100 / figures.get("W8 e2e 2GiB multi").median()));
  }

  private void startup() throws Exception {
    if (!wants("W6")) {
      return;
    }
    if (options.shapes().contains("in-process")) {
      // One warm-up start: as a first start anywhere, it stores the class archive later starts map.
      measure("W6 in", 1, () -> Startup.inFreshJvm("in-process"));
    }
    if (options.shapes().contains("multi-jvm")) {
      measure("W6 multi", 1, fewReps(), () -> Startup.inFreshJvm("multi-jvm"));
    }
  }

  private void dask() throws Exception {
    if (!options.dask()) {
      return;
    }
    Dask dask = new Dask(options.daskScripts(), Path.of("bench", "target"));
    String why = dask.unavailable();
    if (why != null) {
      progress("dask skipped: " + why);
      return;
    }
    String reps = "3";
    if (wants("W1") || wants("W7")) {
      daskRun(dask, r -> {
        figures.put("W1 dask", Dask.stats(r, "threads", "3000", "tasks_per_s"));
        figures.put("W7 10k dask", figures.get("W1 dask"));
      }, "throughput.py", "--shapes", "threads", "--sizes", "3000", "--repeats", reps);
    }
    if (wants("W2")) {
      daskRun(dask, r -> figures.put("W2 dask", Dask.stats(r, "threads", "p50_ms")),
          "latency.py", "--shapes", "threads", "--n", "300", "--repeats", reps);
    }
    if (wants("W3") || wants("W4")) {
      daskRun(dask, r -> {
        figures.put("W3 dask", Dask.stats(r, "threads", "chain_futures", "per_task_ms"));
        figures.put("W4 dask", Dask.stats(r, "threads", "tree", "tasks_per_s"));
      }, "dag.py", "--shapes", "threads", "--leaves", "1000", "--chain", "300", "--repeats", reps);
    }
    if (wants("W5")) {
      daskRun(dask, r -> {
        figures.put("W5 dask", Dask.stats(r, "processes", "big_MB_per_s"));
        figures.put("W5 raw dask", Dask.stats(r, "raw_socket_loopback_MB_per_s"));
      }, "transfer.py", "--shapes", "processes", "--repeats", reps);
    }
    if (wants("W6")) {
      daskRun(dask, r -> {
        figures.put("W6 dask", Dask.stats(r, "threads", "startup_s"));
        figures.put("W6 multi dask", Dask.stats(r, "processes", "startup_s"));
      }, "startup.py", "--shapes", "threads,processes", "--repeats", reps);
    }
    if (wants("W7")) {
      daskRun(dask, r -> figures.put("W7 heap dask", Dask.stats(r, "standalone", "50000", "sched_bytes_per_task")),
          "sched_memory.py", "--modes", "standalone", "--sizes", "50000", "--repeats", "1");
    }
  }

  /** Runs a dask script unless the time budget is spent, and files its figures with {@code file}. */
  private void daskRun(Dask dask, Consumer<JsonObject> file, String script, String... args)
      throws Exception {
    String what = "dask " + script + " " + String.join(" ", args);
    if (System.nanoTime() >= deadline) {
      progress(what + ": skipped, the time budget is spent");
      missing.add(script);
      return;
    }
    progress(what);
    JsonObject r = dask.run(deadline, script, args);
    if (r == null) {
      progress(what + ": stopped at the time budget");
      missing.add(script);
    } else {
      file.accept(r);
    }
  }

  private void measure(String key, int warmups, Repeat.Run run) throws Exception {
    measure(key, warmups, options.reps(), run);
  }

  private void measure(String key, int warmups, int reps, Repeat.Run run) throws Exception {
    progress(key);
    Stats s = Repeat.of(warmups, reps, run);
    figures.put(key, s);
    progress(key + ": " + s.format());
  }

  private static void progress(String what) {
    System.err.printf(Locale.ROOT, "[bench %s] %s%n", LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), what);
  }
}
