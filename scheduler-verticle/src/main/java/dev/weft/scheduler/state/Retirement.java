package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.MEMORY;

import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.Retired;
import dev.weft.protocol.RetireWorkers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graceful retirement of workers (dask's {@code retire_workers} with its {@code RetireWorker}
 * policy). A retiring worker leaves the running set ({@link WorkerRecord#retiring}): it is sent
 * no new task and is no steal target, and the tasks it has not started are offered to running
 * workers ({@link Pausing#offerTasksOf}). Every value whose holders are all retiring is copied to
 * the running worker holding the fewest bytes ({@link AcquireReplicas}; the copy is announced by
 * the usual {@code AddKeys}), asked again after {@link #REASK_MILLIS} or when that worker stops
 * running. A worker holding no such value and processing nothing is retired: the request is
 * answered ({@link Retired}) once each worker it named is retired, refused or gone, and the
 * requester closes the retired ones, whose goodbye then only drops their replicas. With no running
 * worker left to take its values (dask: "retiring the last holders"), a worker that holds unique
 * values or still runs tasks is refused and runs again. Progress is checked by {@link #advance()},
 * once per request and per clock tick.
 */
final class Retirement {

  /** A copy not announced this long after it was asked for is asked for again (a lost message, a failed fetch). */
  static final long REASK_MILLIS = 5_000;

  private final Tables tables;
  private final Outbox out;
  private final Pausing pausing;
  /** Unanswered requests by request id, in arrival order; each has at least one worker still retiring. */
  private final Map<Long, Request> requests = new LinkedHashMap<>();
  /** Values asked to be copied and not yet known copied: the worker asked, and when; empty without a request. */
  private final Map<TaskState, Copy> copies = new HashMap<>();

  /** One request: the workers it named that are still retiring, and those retired so far. */
  private record Request(Set<WorkerRecord> retiring, List<String> retired) {}

  /** A copy of a value asked of {@code target} at {@code askedMillis}. */
  private record Copy(WorkerRecord target, long askedMillis) {}

  Retirement(Tables tables, Outbox out, Pausing pausing) {
    this.tables = tables;
    this.out = out;
    this.pausing = pausing;
  }

  /** Starts retiring the workers {@code m} names (unknown names are ignored), answered as request {@code requestId}. */
  void request(RetireWorkers m, long requestId) {
    Request r = new Request(new LinkedHashSet<>(), new ArrayList<>());
    for (String id : m.workerIds()) {
      WorkerRecord ws = tables.workers.get(id);
      if (ws != null && r.retiring.add(ws) && !ws.retiring) {
        ws.retiring = true;
        pausing.offerTasksOf(ws);
      }
    }
    requests.put(requestId, r);
    advance();
  }

  /**
   * Moves every request on: retires the workers that are empty, refuses those that cannot be
   * emptied, asks for the copies still missing, and answers the requests that are done.
   */
  void advance() {
    if (requests.isEmpty()) {
      return;
    }
    copies.keySet().removeIf(ts -> ts.status != MEMORY || !onlyOnRetiring(ts));
    boolean anyRunning = tables.workers.values().stream().anyMatch(WorkerRecord::running);
    Map<WorkerRecord, Map<String, List<String>>> asks = new LinkedHashMap<>();
    for (Map.Entry<Long, Request> e : new ArrayList<>(requests.entrySet())) {
      Request r = e.getValue();
      for (WorkerRecord ws : new ArrayList<>(r.retiring)) {
        List<TaskState> unique = uniqueValues(ws);
        if (!tables.registered(ws) || !ws.retiring) {
          r.retiring.remove(ws);
        } else if (unique.isEmpty() && ws.processing.isEmpty()) {
          r.retiring.remove(ws);
          r.retired.add(ws.id);
        } else if (!anyRunning) {
          refuse(ws);
          r.retiring.remove(ws);
        } else {
          unique.forEach(ts -> askCopy(ts, asks));
        }
      }
      if (r.retiring.isEmpty()) {
        requests.remove(e.getKey());
        out.add(new Answer(e.getKey(), new Retired(List.copyOf(r.retired))));
      }
    }
    asks.forEach((target, whoHas) -> out.toWorker(target, new AcquireReplicas(whoHas, out.engine.stimulusId())));
    if (requests.isEmpty()) {
      copies.clear();
    }
  }

  /** Values {@code ws} holds whose every holder is retiring. */
  private static List<TaskState> uniqueValues(WorkerRecord ws) {
    List<TaskState> unique = new ArrayList<>();
    for (TaskState ts : ws.hasWhat) {
      if (onlyOnRetiring(ts)) {
        unique.add(ts);
      }
    }
    return unique;
  }

  private static boolean onlyOnRetiring(TaskState ts) {
    for (WorkerRecord holder : ts.whoHas()) {
      if (!holder.retiring) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds {@code ts} to the copies to ask for, unless a running worker was asked for it less than
   * {@link #REASK_MILLIS} ago; the target is the running worker with room that holds the fewest
   * bytes (counting those asked of it in this round).
   */
  private void askCopy(TaskState ts, Map<WorkerRecord, Map<String, List<String>>> asks) {
    Copy asked = copies.get(ts);
    if (asked != null && tables.registered(asked.target) && asked.target.running()
        && out.now() - asked.askedMillis < REASK_MILLIS) {
      return;
    }
    WorkerRecord target = null;
    long least = Long.MAX_VALUE;
    for (WorkerRecord ws : tables.workers.values()) {
      long bytes = ws.nbytes + pendingBytes(asks.get(ws));
      if (ws.running() && ws.canHold(Math.max(0, ts.nbytes)) && bytes < least) {
        target = ws;
        least = bytes;
      }
    }
    if (target != null) {
      copies.put(ts, new Copy(target, out.now()));
      asks.computeIfAbsent(target, w -> new LinkedHashMap<>()).put(ts.key, ts.holderIds());
      out.engine.note(ts.key, MEMORY, MEMORY, "acquire-replicas " + target.id + " (retiring " + ts.holderIds() + ")");
    }
  }

  private long pendingBytes(Map<String, List<String>> asked) {
    long bytes = 0;
    if (asked != null) {
      for (String key : asked.keySet()) {
        bytes += Math.max(0, tables.tasks.get(key).nbytes);
      }
    }
    return bytes;
  }

  /** Nowhere to move {@code ws}'s values: it runs again, and takes tasks again. */
  private void refuse(WorkerRecord ws) {
    ws.retiring = false;
    pausing.workerRuns();
  }
}
