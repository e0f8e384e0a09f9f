package dev.weft.bench;

import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UpdateGraph;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.TaskStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W7's memory figure: heap the scheduler keeps per pending task. A {@link SchedulerState} (the
 * scheduler's whole state; its verticle holds nothing per task) gets two 1-thread workers and one
 * {@code map} of {@code n} tasks shaped as {@code Client.map} makes them (a shared function
 * payload, one argument array per task, a derived key); the workers never finish, so all but the
 * saturated slots stay queued, as in dask's {@code sched_memory.py}. The figure is the growth of
 * the used heap after full GCs, divided by {@code n}.
 */
final class SchedulerHeap {

  /** The one cluster node every component of this measurement claims to run on. */
  private static final String NODE = "bench-node";

  private SchedulerHeap() {}

  /** Bytes of scheduler heap per pending task with {@code n} tasks submitted. */
  static double bytesPerPendingTask(int n) {
    SchedulerState state = new SchedulerState(SchedulerConfig.defaults());
    for (String w : List.of("worker-0", "worker-1")) {
      state.handle(new RegisterWorker(w, 1, 1L << 30, Map.of(), NODE), NODE, 0);
    }
    state.handle(new ClientHello("client-0", NODE), NODE, 0);
    long before = usedAfterGc();
    state.handle(map(n), NODE, 1);
    long after = usedAfterGc();
    long queued = state.countsByStatus().get(TaskStatus.QUEUED);
    if (queued < n - 4L) {
      throw new IllegalStateException("expected the map to wait on the scheduler, but only " + queued + " are queued");
    }
    return (double) (after - before) / n;
  }

  /** One {@code UpdateGraph} of {@code n} independent {@code inc} tasks, all wanted. */
  private static UpdateGraph map(int n) {
    TaskFunction inc = args -> Tasks.inc((Integer) args[0]);
    Payload fn = Payload.of(inc);
    List<TaskSpec> specs = new ArrayList<>(n);
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String key = "inc-" + String.format("%016x", mix(i));
      specs.add(new TaskSpec(key, "inc", fn, Payload.of(new Object[] {i}), List.of(), TaskOptions.DEFAULT));
      keys.add(key);
    }
    return new UpdateGraph("client-0", specs, keys);
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static long mix(long x) {
    x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
    x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
    return x ^ (x >>> 31);
  }
}
