package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerTaskStatus.CANCELLED;
import static dev.weft.worker.state.WorkerTaskStatus.EXECUTING;
import static dev.weft.worker.state.WorkerTaskStatus.FLIGHT;
import static dev.weft.worker.state.WorkerTaskStatus.LONG_RUNNING;
import static dev.weft.worker.state.WorkerTaskStatus.RELEASED;
import static dev.weft.worker.state.WorkerTaskStatus.RESUMED;
import static dev.weft.worker.state.WorkerTaskStatus.WAITING;
import static dev.weft.worker.state.WorkerTaskStatus.READY;

import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.state.TransitionEngine;
import dev.weft.worker.store.DataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What every part of the worker's state machine shares: its tasks, its values, the transition
 * engine, and the output of the current stimulus.
 */
final class WorkerTables {

  /** Transitions kept for stories, as dask's default {@code transition-log-length}. */
  private static final int LOG_LENGTH = 100_000;
  /** Moves one stimulus may recommend before the loop is deemed not to settle. */
  private static final long MAX_SETTLE_STEPS = 1_000_000;

  /** The worker's settings. */
  final WorkerConfig config;
  /** Sizes of values that arrive without one (pluggable so tests need no real objects). */
  final ToLongFunction<Object> sizeOf;
  /** Every task this worker knows; a RELEASED task is dropped at the end of a stimulus once no local task needs it. */
  final Map<String, WorkerTask> tasks = new HashMap<>();
  /** Values held here, in memory or spilled; exactly the keys of MEMORY tasks. */
  final DataStore store = new DataStore();
  /** Why the worker is paused (it starts no run and no fetch), or null while it runs; set by {@link Memory}. */
  String pausedBecause;
  /** The transition table, its counts and its log; edges are declared by {@link WorkerEdges}. */
  final TransitionEngine<WorkerTask, WorkerTaskStatus> engine =
      new TransitionEngine<>(WorkerTaskStatus.class, (WorkerTask t) -> t.status, t -> t.key, LOG_LENGTH);
  /** Tasks that became RELEASED (or lost their last dependent) in this stimulus: forgotten at its end if unused. */
  private final Set<WorkerTask> maybeUnused = new LinkedHashSet<>();
  /** Instructions produced by the current stimulus; null between stimuli. */
  private List<Instruction> out;
  /** A recommended move is skipped for a task forgotten, or needed again, meanwhile. */
  private final Predicate<WorkerTask> forgottenOrNeeded = ts -> tasks.get(ts.key) != ts || !ts.dependents.isEmpty();

  WorkerTables(WorkerConfig config, ToLongFunction<Object> sizeOf) {
    this.config = config;
    this.sizeOf = sizeOf;
  }

  /** Starts stimulus {@code stimulusId} at {@code nowMillis}. */
  void open(String stimulusId, long nowMillis) {
    if (out != null) {
      throw new IllegalStateException("WorkerState is not re-entrant");
    }
    out = new ArrayList<>();
    engine.begin(stimulusId, nowMillis);
  }

  /**
   * Applies the moves the stimulus recommended, until none are left: releases of dependencies it
   * abandoned, skipped for one forgotten or needed again meanwhile.
   */
  void settle() {
    engine.settle(forgottenOrNeeded, MAX_SETTLE_STEPS);
  }

  /** Ends the stimulus: forgets what became unused and returns its instructions. */
  List<Instruction> close() {
    if (!maybeUnused.isEmpty()) {
      for (WorkerTask ts : maybeUnused) {
        if (ts.status == RELEASED && ts.dependents.isEmpty() && tasks.get(ts.key) == ts) {
          tasks.remove(ts.key);
        }
      }
      maybeUnused.clear();
    }
    List<Instruction> result = out;
    out = null;
    return result;
  }

  /** Ends a stimulus that threw: its instructions and pending moves are dropped. */
  void abandon() {
    engine.abandon();
    maybeUnused.clear();
    out = null;
  }

  /** Adds {@code instruction} to the current stimulus's output. */
  void instruct(Instruction instruction) {
    out.add(instruction);
  }

  /** Sends {@code message} to the scheduler. */
  void send(ToScheduler message) {
    out.add(new SendToScheduler(message));
  }

  /** Moves {@code ts} to {@code to} by its declared edge. */
  void move(WorkerTask ts, WorkerTaskStatus to) {
    engine.transition(ts, to, null);
  }

  /** {@code ts} may no longer be needed: forget it at the end of the stimulus if RELEASED without dependents. */
  void maybeUnused(WorkerTask ts) {
    maybeUnused.add(ts);
  }

  /**
   * The scheduler no longer wants {@code ts} here: RELEASED, or CANCELLED while a run or fetch of it
   * is under way. Nothing when it is either already.
   */
  void release(WorkerTask ts) {
    switch (ts.status) {
      case RELEASED, CANCELLED -> { }
      case EXECUTING, LONG_RUNNING, FLIGHT, RESUMED -> move(ts, CANCELLED);
      default -> move(ts, RELEASED);
    }
  }

  /** Holds {@code value} for {@code ts}, of size {@code nbytes} (measured when negative). */
  void keep(WorkerTask ts, Object value, long nbytes) {
    store.put(ts.key, value, nbytes >= 0 ? nbytes : sizeOf.applyAsLong(value));
  }

  /** Drops the value of {@code ts}; a spill file it had is deleted. */
  void drop(WorkerTask ts) {
    long file = store.remove(ts.key);
    if (file >= 0) {
      instruct(new DeleteSpill(file));
    }
  }

  /** {@code ts} is in memory: local tasks waiting only for it become READY. */
  void unblockDependents(WorkerTask ts) {
    for (WorkerTask dts : ts.dependents) {
      if (dts.waitingFor.remove(ts) && dts.status == WAITING && dts.waitingFor.isEmpty()) {
        move(dts, READY);
      }
    }
  }

  /** Tells the scheduler {@code ts} is in memory here, under the current stimulus's id. */
  void finished(WorkerTask ts, long startMillis, long stopMillis) {
    Object value = store.get(ts.key);
    long nbytes = store.nbytes(ts.key);
    Payload inline = nbytes <= config.inlineLimitBytes() ? Payload.of(value) : null;
    String type = value == null ? "null" : value.getClass().getName();
    send(new TaskFinished(config.workerId(), ts.key, nbytes, type, startMillis, stopMillis, inline, engine.stimulusId()));
  }

  /** Whether {@code status} is one of the two states that keep a {@code previous}. */
  static boolean keepsPrevious(WorkerTaskStatus status) {
    return status == CANCELLED || status == RESUMED;
  }

  /** Whether {@code ts} is a CANCELLED fetch (previous FLIGHT). */
  static boolean cancelledFetch(WorkerTask ts) {
    return ts.status == CANCELLED && ts.previous == FLIGHT;
  }

  /** Whether {@code ts} runs on a thread (or did, until it seceded): its state or previous is EXECUTING or LONG_RUNNING. */
  static boolean hasRun(WorkerTask ts) {
    WorkerTaskStatus doing = keepsPrevious(ts.status) ? ts.previous : ts.status;
    return doing == EXECUTING || doing == LONG_RUNNING;
  }

  /** Whether {@code ts} holds a thread slot: its state, or the previous of a CANCELLED or RESUMED one, is EXECUTING. */
  static boolean holdsSlot(WorkerTask ts) {
    return (keepsPrevious(ts.status) ? ts.previous : ts.status) == EXECUTING;
  }
}
