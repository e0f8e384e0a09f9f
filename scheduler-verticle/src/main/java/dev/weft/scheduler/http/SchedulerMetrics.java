package dev.weft.scheduler.http;

import dev.weft.protocol.tls.TlsRefusals;
import dev.weft.scheduler.state.TaskStatus;
import dev.weft.scheduler.state.WorkerView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.IntSupplier;

/**
 * The scheduler's Prometheus metrics (Micrometer): tasks by state, workers, threads, task runs,
 * bytes moved between workers, rejected messages, event-loop lag, open dashboard pages, each
 * worker's memory, spill traffic and pause ({@link WorkerMetrics}), semaphores and queues
 * ({@link CoordinationMetrics}), and the JVM's own. Gauges read
 * the scheduler's state, so {@link #scrape()} must run on the scheduler's context.
 */
final class SchedulerMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final WorkerMetrics workers;
  private final CoordinationMetrics coordination;

  SchedulerMetrics(SchedulerView view, EventLoopLag lag, IntSupplier openEventStreams) {
    // Names promtool's linter rejects: a counter in "ns" (process_cpu_usage covers it) and a "_count" gauge.
    registry.config()
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
          }
        });
    for (TaskStatus s : TaskStatus.values()) {
      if (s != TaskStatus.FORGOTTEN) {
        Gauge.builder("weft.scheduler.tasks", view, v -> v.state().countsByStatus().get(s))
            .description("Tasks the scheduler holds, by state")
            .tag("state", s.daskName())
            .register(registry);
      }
    }
    Gauge.builder("weft.scheduler.workers", view, v -> v.state().workerIds().size())
        .description("Workers registered with the scheduler").register(registry);
    Gauge.builder("weft.scheduler.threads", view,
            v -> v.state().workerViews().stream().mapToInt(WorkerView::nthreads).sum())
        .description("Task threads over all workers").register(registry);
    FunctionCounter.builder("weft.scheduler.task.runs", view, v -> v.state().taskStream().recorded())
        .description("Task executions reported by workers, finished or erred").register(registry);
    FunctionCounter.builder("weft.scheduler.steals", view, v -> v.state().steals())
        .description("Tasks moved by work stealing from a busy worker to an idle one").register(registry);
    FunctionCounter.builder("weft.scheduler.failovers", view, v -> v.state().failovers())
        .description("Times this scheduler took over from a lost active scheduler (0 or 1)").register(registry);
    FunctionCounter.builder("weft.transfer", view, v -> v.state().bytesTransferred())
        .baseUnit("bytes").description("Bytes of values workers received from peers").register(registry);
    FunctionCounter.builder("weft.scheduler.messages.rejected", view, v -> v.rejectedMessages().getAsLong())
        .description("Messages the scheduler refused: malformed, from an unknown or foreign sender, or forbidden")
        .register(registry);
    FunctionCounter.builder("weft.worker.messages.rejected", view, v -> v.state().workerRejections())
        .description("Messages workers refused (malformed, or instructions not from the scheduler) and TLS handshakes their data channel refused, as their heartbeats report")
        .register(registry);
    for (String channel : TlsRefusals.CHANNELS) {
      FunctionCounter.builder("weft.tls.handshakes.refused", channel, TlsRefusals::count)
          .description("TLS handshakes the scheduler's JVM refused (no certificate, another CA, plain TCP), by socket")
          .tag("channel", channel).register(registry);
    }
    Gauge.builder("weft.dashboard.event.streams", openEventStreams, IntSupplier::getAsInt)
        .description("Dashboard pages receiving live updates now").strongReference(true).register(registry);
    Gauge.builder("weft.scheduler.event.loop.lag", lag, EventLoopLag::seconds)
        .baseUnit("seconds").description("Worst lateness of a 100 ms timer on the scheduler's event loop over the last second")
        .register(registry);
    workers = new WorkerMetrics(registry, view);
    coordination = new CoordinationMetrics(registry, view);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** All metrics in the Prometheus text format. */
  String scrape() {
    workers.sync();
    coordination.sync();
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
