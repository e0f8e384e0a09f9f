package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The table's rows (W1–W8 and their targets) from the figures a run collected. */
final class Rows {

  /** What the table's columns and dask figures are; printed under it. */
  static final String NOTES = """
      In-process: scheduler, 2 workers × 1 thread and client in one JVM. Multi-JVM: scheduler and client
      here, 2 worker JVMs × 1 thread (LocalCluster.processes(true)). dask: dask.distributed 2022.12
      LocalCluster(processes=False, 2 × 1) through its anchor scripts, at smaller sizes to fit the time
      budget (map of 3,000; 300 round trips; chain of 300; tree of 1,000 leaves; W5 and W6's multi-JVM
      figure with processes=True; W7: standalone scheduler RSS per queued task, 50,000 tasks).
      W6: fresh JVM per run, from LocalCluster.builder() to the first result, dashboard off on both sides
      (JVM boot not counted, as dask does not count the interpreter's; dask's figure does not count
      `import distributed` either, about 0.3 s, where Weft's counts its class loading). W7 heap: SchedulerState with 1,000,000 queued tasks,
      used heap after GC. W8: a worker's spill files written and read in this JVM (under the temporary
      directory; the page cache included), then end to end with worker JVMs, spilling and not. Weft ÷ dask:
      how many times better Weft is (its in-process figure if any).""";

  private Rows() {}

  static List<Row> of(Map<String, Stats> f) {
    List<Row> rows = new ArrayList<>();
    add(rows, f, "W1", "W1", "map(inc) over 100,000 items + gather (tasks/s)",
        Target.atLeast("≥ 100,000 in-process, ≥ 30,000 multi-JVM", 100_000.0, 30_000.0));
    add(rows, f, "W1", "W1 cpu", "  CPU of this JVM per task (µs; in-process: all of Weft)", Target.none(false));
    add(rows, f, "W2", "W2", "2,000 sequential submit → result, p50 (ms)",
        Target.atMost("≤ 0.3 in-process, ≤ 1 multi-JVM", 0.3, 1.0));
    add(rows, f, "W3", "W3", "chain of 2,000 dependent tasks (ms/task)", Target.atMost("≤ 0.3", 0.3, null));
    add(rows, f, "W4", "W4", "tree reduction, 19,999 tasks (tasks/s)", Target.atLeast("≥ 50,000", 50_000.0, null));
    add(rows, f, "W5", "W5", "100 MB worker JVM → worker JVM (MB/s)", Target.atLeast("≥ 1,000", null, 1_000.0));
    add(rows, f, "W5", "W5 raw", "raw loopback socket, same run (MB/s)", Target.none(true));
    add(rows, f, "W5", "W5 share", "Weft transfer as % of the raw socket", Target.atLeast("≥ 65%", null, 65.0));
    rows.add(new Row("W6", "start → first result (s); dask: processes=False", f.get("W6 in"), null, f.get("W6 dask"),
        Target.atMost("≤ 0.3 in-process", 0.3, null)));
    rows.add(new Row("W6", "start → first result (s); dask: processes=True", null, f.get("W6 multi"),
        f.get("W6 multi dask"), Target.atMost("≤ 3 with 2 worker JVMs", null, 3.0)));
    add(rows, f, "W7", "W7 10k", "map(inc) over 10,000 items + gather (tasks/s)", Target.none(true));
    add(rows, f, "W7", "W7 1M", "map(inc) over 1,000,000 items + gather (tasks/s)", Target.atLeast("completes", 0.0, null));
    add(rows, f, "W7", "W7 share", "1,000,000-task rate as % of the 10,000-task rate", Target.atLeast("≥ 80%", 80.0, null));
    add(rows, f, "W7", "W7 heap", "scheduler heap per pending task (bytes)", Target.atMost("≤ 512", 512.0, null));
    add(rows, f, "W8", "W8 write raw", "spill files: 100 × 8 MiB random written (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 read raw", "  … read back into values (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 write lz4", "spill files: 100 × 8 MiB repetitive, LZ4, written (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 read lz4", "  … read back into values (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 e2e 256MiB", "map + gather 100 × 8 MiB on 2 × 256 MiB, spilling (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 e2e 2GiB", "  … on 2 × 2 GiB, nothing spilled (MB/s)", Target.none(true));
    add(rows, f, "W8", "W8 share", "spilling run's rate as % of the one without", Target.none(true));
    rows.removeIf(r -> r.inProcess() == null && r.multiJvm() == null && r.dask() == null);
    return rows;
  }

  private static void add(List<Row> rows, Map<String, Stats> f, String id, String key, String what, Target target) {
    rows.add(new Row(id, what, f.get(key + " in"), f.get(key + " multi"), f.get(key + " dask"), target));
  }
}
