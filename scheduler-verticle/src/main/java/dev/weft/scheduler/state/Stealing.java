package dev.weft.scheduler.state;

import dev.weft.protocol.StealRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Work stealing, as dask's {@code WorkStealing}: every balance round (each
 * {@code stealIntervalMillis} of scheduler time), tasks waiting for a thread on busy workers
 * are offered to workers with fewer waiting (an idle thread counts as minus one), until the queues
 * are even — lowest priority first (the ones a victim would start last), only when computing the
 * task takes longer than moving its missing inputs to the thief, and only to a running (not paused)
 * worker the task's restrictions allow and whose memory limit its inputs fit. {@link Pausing} asks
 * for steals from a paused worker through the same requests. A steal is a request to
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
   * A task moves from a victim to a thief only while, after the move, the victim would still have
   * at least as many tasks waiting for a thread as the thief (an idle thread counts as minus one
   * waiting), so the round evens the queues out and never shuffles tasks between equally busy
   * workers. Workers are considered in join order, so a round is deterministic.
   * {@code bandwidthBytesPerSecond} prices moving a task's inputs.
   */
  List<Map.Entry<WorkerRecord, TaskState>> balance(Collection<WorkerRecord> workers, double bandwidthBytesPerSecond) {
    Map<WorkerRecord, Integer> waiting = new LinkedHashMap<>();
    for (WorkerRecord ws : workers) {
      waiting.put(ws, waiting(ws));
    }
    List<Map.Entry<WorkerRecord, TaskState>> out = new ArrayList<>();
    Integer least = leastRunning(waiting);
    if (waiting.size() < 2 || least == null || Collections.max(waiting.values()) - least < 2) {
      return out;
    }
    List<WorkerRecord> victims = new ArrayList<>(waiting.keySet());
    victims.removeIf(ws -> waiting.get(ws) - least < 2);
    victims.sort(Comparator.comparingInt((WorkerRecord ws) -> -waiting.get(ws)));
    for (WorkerRecord victim : victims) {
      List<TaskState> candidates = new ArrayList<>(victim.processing);
      candidates.sort(Comparator.comparing((TaskState ts) -> ts.priority).reversed());
      for (TaskState ts : candidates) {
        if (ts.longRunning || pending.containsKey(ts.key)) {
          continue;
        }
        WorkerRecord thief = cheapestThief(ts, victim, waiting, bandwidthBytesPerSecond);
        if (thief == null) {
          if (waiting.get(victim) - leastRunning(waiting) < 2) {
            break;
          }
          continue;
        }
        request(victim, thief, ts);
        out.add(Map.entry(victim, ts));
        waiting.merge(victim, -1, Integer::sum);
        waiting.merge(thief, 1, Integer::sum);
      }
    }
    return out;
  }

  /** Fewest tasks waiting for a thread on a running (not paused) worker; null when none runs. */
  private static Integer leastRunning(Map<WorkerRecord, Integer> waiting) {
    Integer least = null;
    for (Map.Entry<WorkerRecord, Integer> e : waiting.entrySet()) {
      if (e.getKey().running() && (least == null || e.getValue() < least)) {
        least = e.getValue();
      }
    }
    return least;
  }

  /**
   * Tasks waiting for a thread on {@code ws}, counting requested steals as moved (an idle thread
   * counts as minus one).
   */
  int waiting(WorkerRecord ws) {
    return ws.processing.size() - ws.longRunning + incoming(ws) - outgoing(ws) - ws.nthreads;
  }

  /** Whether a steal of {@code key} is asked and not yet answered. */
  boolean pending(String key) {
    return pending.containsKey(key);
  }

  /** Notes that {@code victim} is asked to give {@code ts} up for {@code thief} (the caller sends the request). */
  void request(WorkerRecord victim, WorkerRecord thief, TaskState ts) {
    pending.put(ts.key, new Pending(victim, thief));
  }

  /**
   * The worker that may run {@code ts}, would still wait on fewer tasks than the victim after
   * taking it, and can get its inputs fastest, if that is faster than running it; else null.
   */
  private static WorkerRecord cheapestThief(TaskState ts, WorkerRecord victim, Map<WorkerRecord, Integer> waiting,
      double bandwidth) {
    WorkerRecord best = null;
    double bestMillis = Double.MAX_VALUE;
    int victimWaiting = waiting.get(victim);
    long input = ts.inputBytes();
    for (Map.Entry<WorkerRecord, Integer> e : waiting.entrySet()) {
      WorkerRecord thief = e.getKey();
      if (thief == victim || victimWaiting - e.getValue() < 2 || !mayTake(ts, thief, input)) {
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

  /**
   * Whether {@code thief} may take {@code ts}, whose inputs are {@code input} bytes: it runs (is not
   * paused), its memory limit has room for them, and a restricted task moves only among its named
   * workers, and only to one offering its resources.
   */
  static boolean mayTake(TaskState ts, WorkerRecord thief, long input) {
    List<String> named = ts.options().workers();
    return thief.running() && thief.canHold(input) && (named.isEmpty() || named.contains(thief.id))
        && thief.offers(ts.options().resources());
  }

  /** Time to move the inputs of {@code ts} that {@code thief} does not hold (unknown sizes count 0). */
  static double transferMillis(TaskState ts, WorkerRecord thief, double bandwidth) {
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
