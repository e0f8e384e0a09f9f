package dev.weft.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harness's command line.
 *
 * @param reps repetitions kept per figure (after one warm-up)
 * @param dask whether to run the dask.distributed side
 * @param daskScripts where the dask anchor scripts are
 * @param only the workloads to run (all when empty)
 * @param shapes the Weft shapes to run: "in-process", "multi-jvm" or both
 * @param budgetMinutes the whole run's time budget; dask scripts that would overrun it are cut
 * @param tls whether the cluster with worker JVMs runs with TLS ({@code security(true)})
 */
record BenchOptions(int reps, boolean dask, Path daskScripts, Set<String> only, Set<String> shapes, double budgetMinutes,
    boolean tls) {

  static final String USAGE = """
      usage: bench/run [--reps N] [--no-dask] [--dask-scripts DIR] [--only W1,W5,...] [--shape S] [--minutes M] [--tls]
        --reps N            runs kept per figure, after one warm-up (default 5)
        --no-dask           skip the dask.distributed side
        --dask-scripts DIR  dask's anchor scripts (default $WEFT_DASK_SCRIPTS or /work/shared/bench/dask)
        --only IDS          run only these workloads (W1..W8)
        --shape S           run Weft only in-process or only with worker JVMs (in-process|multi-jvm)
        --minutes M         time budget: dask scripts still running at M minutes are stopped (default 10)
        --tls               the cluster with worker JVMs runs with TLS and client certificates (security(true))""";

  private static final List<String> WORKLOADS = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8");
  private static final List<String> SHAPES = List.of("in-process", "multi-jvm");

  /** The options in {@code args}; null when help was asked for. */
  static BenchOptions parse(String[] args) {
    int reps = 5;
    double minutes = 10;
    boolean dask = true;
    boolean tls = false;
    String env = System.getenv("WEFT_DASK_SCRIPTS");
    Path scripts = Path.of(env != null ? env : "/work/shared/bench/dask");
    Set<String> only = new LinkedHashSet<>();
    Set<String> shapes = new LinkedHashSet<>(SHAPES);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(value(args, ++i));
        case "--no-dask" -> dask = false;
        case "--tls" -> tls = true;
        case "--minutes" -> minutes = Double.parseDouble(value(args, ++i));
        case "--dask-scripts" -> scripts = Path.of(value(args, ++i));
        case "--only" -> {
          for (String id : value(args, ++i).toUpperCase(java.util.Locale.ROOT).split(",")) {
            if (!WORKLOADS.contains(id)) {
              throw new IllegalArgumentException("unknown workload " + id + "; one of " + WORKLOADS);
            }
            only.add(id);
          }
        }
        case "--shape" -> {
          String shape = value(args, ++i);
          if (!SHAPES.contains(shape)) {
            throw new IllegalArgumentException("unknown shape " + shape + "; one of " + SHAPES);
          }
          shapes = Set.of(shape);
        }
        case "-h", "--help" -> {
          return null;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
      }
    }
    if (reps < 1) {
      throw new IllegalArgumentException("--reps must be at least 1");
    }
    return new BenchOptions(reps, dask, scripts, only, shapes, minutes, tls);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
    }
    return args[i];
  }
}
