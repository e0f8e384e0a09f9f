package dev.weft.scheduler.state;

import dev.weft.protocol.AdaptiveTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many workers the work in sight asks for, and which may close (dask's
 * {@code Scheduler.adaptive_target} and {@code workers_to_close}, with their defaults). The CPU
 * target is the expected run time of the tasks processing (the workers' occupancy) and of those
 * waiting for a worker (queued or unrunnable; up to {@value #SAMPLE} of them are summed and scaled to
 * all), over {@link #TARGET_DURATION_MILLIS}, but never more threads than there are tasks, and
 * converted to workers by the threads per worker; at least one worker while tasks wait. When the
 * workers hold more than 60% of their memory limits, twice the workers are asked for. A target
 * below the workers there are becomes the workers less those that may close: idle ones, fewest
 * bytes first, while the others' memory limits keep at least {@value #MEMORY_RATIO} times the bytes
 * held. Retiring workers count as gone.
 */
final class ScalingAdvice {

  /** The time the work in sight should take (dask's {@code distributed.adaptive.target-duration}, 5 s). */
  static final double TARGET_DURATION_MILLIS = 5_000;
  /** Waiting tasks whose expected durations are summed; more are estimated from them. */
  static final int SAMPLE = 100;
  /** Memory the staying workers' limits must offer, per byte held, for a worker to close. */
  static final double MEMORY_RATIO = 2;
  /** Share of the memory limits held above which the workers are doubled. */
  private static final double MEMORY_PRESSURE = 0.6;

  private final Tables tables;
  private final Placement placement;

  ScalingAdvice(Tables tables, Placement placement) {
    this.tables = tables;
    this.placement = placement;
  }

  /** The target, the workers that may close, and the order to retire workers in. */
  AdaptiveTarget advise() {
    List<WorkerRecord> staying = new ArrayList<>();
    for (WorkerRecord ws : tables.workers.values()) {
      if (!ws.retiring) {
        staying.add(ws);
      }
    }
    staying.sort(Comparator.comparingInt((WorkerRecord ws) -> ws.processing.size()).thenComparingLong(ws -> ws.nbytes));
    List<String> toClose = toClose(staying);
    int target = Math.max(cpuTarget(staying), memoryTarget(staying));
    if (target < staying.size()) {
      target = staying.size() - toClose.size();
    }
    return new AdaptiveTarget(target, toClose, staying.stream().map(ws -> ws.id).toList());
  }

  private int cpuTarget(List<WorkerRecord> staying) {
    int waiting = tables.queued.size() + tables.unrunnable.size();
    double waitingMillis = 0;
    int sampled = 0;
    for (TaskState ts : tables.queued) {
      if (sampled++ == SAMPLE) {
        break;
      }
      waitingMillis += placement.expectedMillis(ts);
    }
    for (TaskState ts : tables.unrunnable) {
      if (sampled++ >= SAMPLE) {
        break;
      }
      waitingMillis += placement.expectedMillis(ts);
    }
    if (waiting > SAMPLE) {
      waitingMillis *= waiting / (double) SAMPLE;
    }
    double occupancy = 0;
    int tasks = waiting;
    for (WorkerRecord ws : tables.workers.values()) {
      occupancy += ws.occupancy;
      tasks += ws.processing.size();
    }
    long cpu = Math.min(tasks, (long) Math.ceil((occupancy + waitingMillis) / TARGET_DURATION_MILLIS));
    int threads = staying.stream().mapToInt(ws -> ws.nthreads).sum();
    if (threads > 0) {
      cpu = (long) Math.ceil(cpu / (double) threads * staying.size());
    }
    if (waiting > 0 && staying.isEmpty()) {
      cpu = Math.max(1, cpu);
    }
    return (int) Math.min(Integer.MAX_VALUE, cpu);
  }

  private static int memoryTarget(List<WorkerRecord> staying) {
    long limit = 0;
    long used = 0;
    for (WorkerRecord ws : staying) {
      if (ws.memoryLimit <= 0) {
        return 0;
      }
      limit += ws.memoryLimit;
      used += ws.nbytes;
    }
    return limit > 0 && used > MEMORY_PRESSURE * limit ? 2 * staying.size() : 0;
  }

  /** Idle workers of {@code staying} (sorted idle first, fewest bytes first) that may close, in that order. */
  private static List<String> toClose(List<WorkerRecord> staying) {
    long held = 0;
    long limit = 0;
    int unlimited = 0;
    for (WorkerRecord ws : staying) {
      held += ws.nbytes;
      limit += ws.memoryLimit;
      unlimited += ws.memoryLimit <= 0 ? 1 : 0;
    }
    List<String> out = new ArrayList<>();
    for (WorkerRecord ws : staying) {
      if (!ws.processing.isEmpty()) {
        break;
      }
      limit -= ws.memoryLimit;
      unlimited -= ws.memoryLimit <= 0 ? 1 : 0;
      if (unlimited == 0 && limit < MEMORY_RATIO * held) {
        break;
      }
      out.add(ws.id);
    }
    return out;
  }
}
