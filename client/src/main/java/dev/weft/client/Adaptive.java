package dev.weft.client;

import dev.weft.protocol.AdaptiveTarget;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adaptive scaling of a {@link LocalCluster} (dask's {@code Adaptive}), made by
 * {@link LocalCluster#adapt(int, int)}. Every second it asks the scheduler how many workers the
 * work in sight needs (the expected run time of the tasks processing and waiting, from their
 * functions' measured durations, over a target duration of 5 s, per thread; see
 * {@link dev.weft.protocol.AdaptiveTarget}) and clamps that to [minimum, maximum]. It scales up at
 * once; it scales down only when the recommendation to shrink held for {@value #WAIT_COUNT}
 * intervals in a row, and then retires idle workers gracefully (their values move to the workers
 * that stay, so nothing is lost or recomputed). One change at a time: while workers start or
 * retire, the next interval waits. {@link #stop()} ends it; closing the cluster or calling
 * {@code adapt} again stops it too. Thread-safe.
 */
public final class Adaptive {

  private static final System.Logger LOG = System.getLogger(Adaptive.class.getName());

  /** How often the target is asked for, by default (dask's {@code distributed.adaptive.interval}). */
  static final long INTERVAL_MILLIS = 1_000;
  /** Intervals in a row a smaller target must hold before workers retire (dask's {@code wait_count}). */
  static final int WAIT_COUNT = 3;

  private final LocalCluster cluster;
  private final int minimum;
  private final int maximum;
  /** The periodic timer's id. */
  private final long timer;
  /** True while a change (workers starting or retiring) or a question to the scheduler is under way. */
  private final AtomicBoolean busy = new AtomicBoolean();
  /** True once stopped; no change starts after that. */
  private volatile boolean stopped;
  /** Intervals in a row that asked for fewer workers; touched only by the one step under way. */
  private int shrinkVotes;

  private Adaptive(LocalCluster cluster, int minimum, int maximum, long intervalMillis) {
    this.cluster = cluster;
    this.minimum = minimum;
    this.maximum = maximum;
    this.timer = cluster.vertx().setPeriodic(intervalMillis, id -> step());
  }

  /** Starts adapting {@code cluster} between {@code minimum} and {@code maximum} workers, every {@code intervalMillis}. */
  static Adaptive start(LocalCluster cluster, int minimum, int maximum, long intervalMillis) {
    if (minimum < 0 || maximum < minimum) {
      throw new IllegalArgumentException("adapt: need 0 <= minimum <= maximum, got minimum=" + minimum + ", maximum=" + maximum);
    }
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("adapt: the interval must be positive, got " + intervalMillis + " ms");
    }
    LOG.log(Level.INFO, "adapting " + cluster.name() + " between " + minimum + " and " + maximum + " workers");
    return new Adaptive(cluster, minimum, maximum, intervalMillis);
  }

  /** The fewest workers it keeps. */
  public int minimum() {
    return minimum;
  }

  /** The most workers it starts. */
  public int maximum() {
    return maximum;
  }

  /** Stops adapting; a change under way finishes, the workers there are stay. Idempotent. */
  public void stop() {
    if (!stopped) {
      stopped = true;
      cluster.vertx().cancelTimer(timer);
      LOG.log(Level.INFO, "stopped adapting " + cluster.name());
    }
  }

  /** Whether {@link #stop()} was called. */
  public boolean stopped() {
    return stopped;
  }

  private void step() {
    if (stopped || !busy.compareAndSet(false, true)) {
      return;
    }
    cluster.adaptiveTarget().compose(this::act).onComplete(ar -> {
      if (ar.failed() && !stopped) {
        LOG.log(Level.WARNING, "adaptive scaling of " + cluster.name() + " failed a step: " + ar.cause());
      }
      busy.set(false);
    });
  }

  private Future<Void> act(AdaptiveTarget advice) {
    List<String> workers = cluster.workerNames();
    int current = workers.size();
    int target = Math.max(minimum, Math.min(maximum, advice.target()));
    if (stopped || target == current) {
      shrinkVotes = 0;
      return Future.succeededFuture();
    }
    if (target > current) {
      shrinkVotes = 0;
      LOG.log(Level.INFO, "adaptive: scaling " + cluster.name() + " up from " + current + " to " + target
          + " workers (the work in sight asks for " + advice.target() + ")");
      return cluster.scale(target);
    }
    if (++shrinkVotes < WAIT_COUNT) {
      LOG.log(Level.DEBUG, "adaptive: " + cluster.name() + " could shrink to " + target + " workers (" + shrinkVotes
          + " of " + WAIT_COUNT + " intervals in a row)");
      return Future.succeededFuture();
    }
    shrinkVotes = 0;
    List<String> idle = new ArrayList<>(advice.toClose());
    idle.retainAll(workers);
    List<String> retiring = idle.subList(0, Math.min(idle.size(), current - target));
    if (retiring.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.log(Level.INFO, "adaptive: retiring idle workers " + retiring + " of " + cluster.name() + " (" + current + " -> "
        + target + " workers)");
    return cluster.retireWorkers(List.copyOf(retiring)).mapEmpty();
  }
}
