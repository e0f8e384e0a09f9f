package dev.weft.scheduler.http;

import dev.weft.scheduler.state.WorkerView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-worker meters, as their last heartbeats report them: {@code weft_worker_memory_bytes} by
 * type (managed, unmanaged, spilled — dask's split), {@code weft_worker_spilled_bytes_total} by
 * activity (write, read) and {@code weft_worker_paused} (1 while paused), each labelled with the
 * worker's name. Workers come and go, so {@link #sync} (before every scrape, on the scheduler's
 * context) registers the meters of new workers and removes those of departed ones.
 */
final class WorkerMetrics {

  private final MeterRegistry registry;
  private final SchedulerView view;
  /** The workers as of the last sync, by name; what the meters read. */
  private final Map<String, WorkerView> latest = new HashMap<>();
  /** The meters of each worker registered so far, by name. */
  private final Map<String, List<Meter>> meters = new HashMap<>();

  WorkerMetrics(MeterRegistry registry, SchedulerView view) {
    this.registry = registry;
    this.view = view;
  }

  /** Reads the workers now: new ones get meters, departed ones lose theirs. */
  void sync() {
    latest.clear();
    for (WorkerView w : view.state().workerViews()) {
      latest.put(w.id(), w);
    }
    for (Iterator<Map.Entry<String, List<Meter>>> it = meters.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, List<Meter>> e = it.next();
      if (!latest.containsKey(e.getKey())) {
        e.getValue().forEach(registry::remove);
        it.remove();
      }
    }
    for (String id : latest.keySet()) {
      meters.computeIfAbsent(id, this::register);
    }
  }

  private List<Meter> register(String id) {
    List<Meter> out = new ArrayList<>();
    out.add(memory(id, "managed", WorkerView::managedBytes));
    out.add(memory(id, "unmanaged", WorkerView::unmanagedBytes));
    out.add(memory(id, "spilled", WorkerView::spilledBytes));
    out.add(spill(id, "write", WorkerView::spillWrittenBytes));
    out.add(spill(id, "read", WorkerView::spillReadBytes));
    out.add(Gauge.builder("weft.worker.paused", this, m -> m.read(id, w -> w.paused() ? 1 : 0))
        .description("1 while the worker is paused (memory over its pause threshold, or spill files unwritable): it gets no new tasks")
        .tag("worker", id).strongReference(true).register(registry));
    return out;
  }

  private Meter memory(String id, String type, ToDoubleFunction<WorkerView> bytes) {
    return Gauge.builder("weft.worker.memory", this, m -> m.read(id, bytes))
        .baseUnit("bytes")
        .description("Worker memory by type as its last heartbeat reported: managed (values held in memory), unmanaged (the rest of its process), spilled (values held on disk)")
        .tag("worker", id).tag("type", type).strongReference(true).register(registry);
  }

  private Meter spill(String id, String activity, ToDoubleFunction<WorkerView> bytes) {
    return FunctionCounter.builder("weft.worker.spilled", this, m -> m.read(id, bytes))
        .baseUnit("bytes")
        .description("Bytes a worker wrote to or read back from its spill files since it started")
        .tag("worker", id).tag("activity", activity).register(registry);
  }

  private double read(String id, ToDoubleFunction<WorkerView> field) {
    WorkerView w = latest.get(id);
    return w == null ? Double.NaN : field.applyAsDouble(w);
  }
}
