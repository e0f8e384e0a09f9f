package dev.weft.scheduler.http;

import dev.weft.scheduler.state.coordination.SemaphoreView;
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
 * Meters of the coordination objects, as dask's scheduler exposes them: per semaphore (locks
 * included) {@code weft_semaphore_max_leases}, {@code weft_semaphore_active_leases},
 * {@code weft_semaphore_pending_leases}, {@code weft_semaphore_acquire_total} and
 * {@code weft_semaphore_release_total}, and per queue {@code weft_queue_length}, each labelled with
 * the object's name. Objects come and go, so {@link #sync} (before every scrape, on the scheduler's
 * context) registers the meters of new ones and removes those of closed ones.
 */
final class CoordinationMetrics {

  private final MeterRegistry registry;
  private final SchedulerView view;
  /** The semaphores as of the last sync, by name; what the meters read. */
  private final Map<String, SemaphoreView> semaphores = new HashMap<>();
  /** The queue lengths as of the last sync, by name. */
  private final Map<String, Integer> queues = new HashMap<>();
  /** The meters of each object registered so far, by "semaphore:" or "queue:" and its name. */
  private final Map<String, List<Meter>> meters = new HashMap<>();

  CoordinationMetrics(MeterRegistry registry, SchedulerView view) {
    this.registry = registry;
    this.view = view;
  }

  /** Reads the objects now: new ones get meters, closed ones lose theirs. */
  void sync() {
    semaphores.clear();
    view.state().coordination().semaphores().forEach(s -> semaphores.put(s.name(), s));
    queues.clear();
    queues.putAll(view.state().coordination().queueLengths());
    for (Iterator<Map.Entry<String, List<Meter>>> it = meters.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, List<Meter>> e = it.next();
      String id = e.getKey();
      if (id.startsWith("semaphore:") ? !semaphores.containsKey(id.substring(10)) : !queues.containsKey(id.substring(6))) {
        e.getValue().forEach(registry::remove);
        it.remove();
      }
    }
    semaphores.keySet().forEach(name -> meters.computeIfAbsent("semaphore:" + name, k -> semaphore(name)));
    queues.keySet().forEach(name -> meters.computeIfAbsent("queue:" + name, k -> List.of(
        Gauge.builder("weft.queue.length", this, m -> m.queues.getOrDefault(name, 0))
            .description("Items waiting in the queue").tag("name", name).strongReference(true).register(registry))));
  }

  private List<Meter> semaphore(String name) {
    List<Meter> out = new ArrayList<>();
    out.add(gauge(name, "weft.semaphore.max.leases", "Leases the semaphore (or lock) may grant at once", SemaphoreView::maxLeases));
    out.add(gauge(name, "weft.semaphore.active.leases", "Leases held now", SemaphoreView::leases));
    out.add(gauge(name, "weft.semaphore.pending.leases", "Acquires waiting for a lease now", SemaphoreView::pending));
    out.add(FunctionCounter.builder("weft.semaphore.acquire", this, m -> m.read(name, SemaphoreView::acquired))
        .description("Leases granted since the semaphore was made").tag("name", name).register(registry));
    out.add(FunctionCounter.builder("weft.semaphore.release", this, m -> m.read(name, SemaphoreView::released))
        .description("Leases given back or expired since the semaphore was made").tag("name", name).register(registry));
    return out;
  }

  private Meter gauge(String name, String metric, String description, ToDoubleFunction<SemaphoreView> field) {
    return Gauge.builder(metric, this, m -> m.read(name, field))
        .description(description).tag("name", name).strongReference(true).register(registry);
  }

  private double read(String name, ToDoubleFunction<SemaphoreView> field) {
    SemaphoreView s = semaphores.get(name);
    return s == null ? Double.NaN : field.applyAsDouble(s);
  }
}
