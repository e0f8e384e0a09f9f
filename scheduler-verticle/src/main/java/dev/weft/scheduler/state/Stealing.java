package dev.weft.scheduler.state;

import dev.weft.protocol.StealRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Work stealing, as dask's {@code WorkStealing}: every balance round (each
 * {@code stealIntervalMillis} of scheduler time), tasks waiting on workers that have more tasks
 * than threads are offered to workers with idle threads — lowest priority first (the ones a
 * victim would start last), only when computing the task takes longer than moving its missing
 * inputs to the thief, and only to a worker the task's restrictions allow. A steal is a request to
 * the victim, which gives the task up only if it has not started it ({@link StealRequest}); the
 * scheduler moves the task when the victim confirms. Pure: the scheduler's tables in, requests out.
 */
final class Stealing {

  /** A steal asked of {@code victim} for the benefit of {@code thief}, not yet answered. */
  record Pending(WorkerRecord victim, WorkerRecord thief) {}

  /** Unanswered steal requests by task key; an entry leaves when answered or when either worker leaves. */
  private final Map<String, Pending> pending = new HashMap<>();
  /** Steals confirmed and carried out since start; only grows. */
  private long steals;
  /** Scheduler time of the last balance round. */
  private long lastRoundMillis;

  /** True when a round is due at {@code now} for an interval of {@code intervalMillis} (0: never). */
  boolean due(long now, long intervalMillis) {
    if (intervalMillis <= 0 || now - lastRoundMillis < intervalMillis) {
      return false;
    }
    lastRoundMillis = now;
    return true;
  }

  /**
   * One balance round over {@code workers}: the steal requests to send, each as (victim, task).
   * {@code bandwidthBytesPerSecond} prices moving a task's inputs.
   */
  List<Map.Entry<WorkerRecord, TaskState>> balance(Collection<WorkerRecord> workers, double bandwidthBytesPerSecond) {
    Map<WorkerRecord, Integer> room = new HashMap<>();
    List<WorkerRecord> victims = new ArrayList<>();
    for (WorkerRecord ws : workers) {
      int active = ws.processing.size() - ws.longRunning + incoming(ws) - outgoing(ws);
      if (active < 2 * ws.nthreads) {
        room.put(ws, 2 * ws.nthreads - active);
      }
      if (active > ws.nthreads) {
        victims.add(ws);
      }
    }
    List<Map.Entry<WorkerRecord, TaskState>> out = new ArrayList<>();
    if (room.isEmpty() || victims.isEmpty()) {
      return out;
    }
    victims.sort(Comparator.comparingDouble((WorkerRecord ws) -> -ws.occupancy / ws.nthreads));
    for (WorkerRecord victim : victims) {
      int excess = victim.processing.size() - victim.longRunning - outgoing(victim) - victim.nthreads;
      List<TaskState> candidates = new ArrayList<>(victim.processing);
      candidates.sort(Comparator.comparing((TaskState ts) -> ts.priority).reversed());
      for (TaskState ts : candidates) {
        if (excess <= 0 || room.isEmpty()) {
          break;
        }
        if (ts.longRunning || pending.containsKey(ts.key)) {
          continue;
        }
        WorkerRecord thief = cheapestThief(ts, victim, room, bandwidthBytesPerSecond);
        if (thief != null) {
          pending.put(ts.key, new Pending(victim, thief));
          out.add(Map.entry(victim, ts));
          excess--;
          room.merge(thief, -1, Integer::sum);
          room.remove(thief, 0);
        }
      }
    }
    return out;
  }

  /** The thief with room that may run {@code ts} and to which its inputs move fastest, if that beats running it; else null. */
  private static WorkerRecord cheapestThief(TaskState ts, WorkerRecord victim, Map<WorkerRecord, Integer> room, double bandwidth) {
    WorkerRecord best = null;
    double bestMillis = Double.MAX_VALUE;
    for (WorkerRecord thief : room.keySet()) {
      if (thief == victim || !allowed(ts, thief)) {
        continue;
      }
      double millis = transferMillis(ts, thief, bandwidth);
      if (millis < bestMillis) {
        best = thief;
        bestMillis = millis;
      }
    }
    return best != null && bestMillis < ts.expectedMillis ? best : null;
  }

  /** A restricted task moves only among its named workers, and only to one offering its resources. */
  private static boolean allowed(TaskState ts, WorkerRecord thief) {
    List<String> named = ts.options.workers();
    return (named.isEmpty() || named.contains(thief.id)) && thief.offers(ts.options.resources());
  }

  /** Time to move the inputs of {@code ts} that {@code thief} does not hold (unknown sizes count 0). */
  private static double transferMillis(TaskState ts, WorkerRecord thief, double bandwidth) {
    long bytes = 0;
    for (TaskState dep : ts.dependencies) {
      if (!thief.hasWhat.contains(dep)) {
        bytes += Math.max(0, dep.nbytes);
      }
    }
    return bytes * 1000.0 / bandwidth;
  }

  /** The request for {@code key}, now answered, forgotten; null when none is pending (its thief left). */
  Pending answered(String key) {
    return pending.remove(key);
  }

  /** A steal was carried out. */
  void carriedOut() {
    steals++;
  }

  /** Forgets the requests involving {@code ws}, which left. */
  void workerLeft(WorkerRecord ws) {
    pending.values().removeIf(p -> p.victim == ws || p.thief == ws);
  }

  /** Steals carried out since start. */
  long steals() {
    return steals;
  }

  /** Steal requests not yet answered. */
  int pendingCount() {
    return pending.size();
  }

  private int incoming(WorkerRecord ws) {
    int n = 0;
    for (Pending p : pending.values()) {
      n += p.thief == ws ? 1 : 0;
    }
    return n;
  }

  private int outgoing(WorkerRecord ws) {
    int n = 0;
    for (Pending p : pending.values()) {
      n += p.victim == ws ? 1 : 0;
    }
    return n;
  }
}
