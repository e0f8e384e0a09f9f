package dev.weft.worker.state;

import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.state.Transition;
import dev.weft.protocol.state.TransitionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * All of a worker's task logic as a pure state machine: scheduler messages and outcomes of its
 * own work come in, {@link Instruction}s go out. It holds the worker's values (in a
 * {@link dev.weft.worker.store.DataStore}, spilling to disk and pausing as {@link Memory} decides), decides what to fetch from which peer and what to run
 * next, and never touches a thread, a clock or the network: the time of each stimulus is given.
 *
 * <p>Every move is logged under the id of the stimulus that caused it: the scheduler's own id for
 * {@link ComputeTask}, {@link FreeKeys} and {@link AcquireReplicas} (so its story and this worker's join), the message's
 * simple name and a sequence number for other scheduler messages, and
 * {@code <workerId>:<StimulusName>-<seq>} for the worker's own stimuli, which the
 * {@link dev.weft.protocol.TaskFinished} and {@link dev.weft.protocol.TaskErred} they cause carry.
 */
public final class WorkerState {

  /** Tasks, values, engine and output shared by the parts below. */
  private final WorkerTables t;
  /** Threads, resources and runs. */
  private final Computing computing;
  /** Fetches from peers. */
  private final Fetching fetching;
  /** The scheduler's instructions. */
  private final SchedulerOrders orders;
  /** Spilling and pausing. */
  private final Memory memory;
  /** Stimuli handled so far; numbers the ids of stimuli that bring none. */
  private long stimuli;

  /** An empty worker. */
  public WorkerState(WorkerConfig config, ToLongFunction<Object> sizeOf) {
    this.t = new WorkerTables(config, sizeOf);
    this.computing = new Computing(t);
    this.fetching = new Fetching(t, computing);
    this.orders = new SchedulerOrders(t, computing, fetching);
    this.memory = new Memory(t);
    WorkerEdges.declare(t, computing, fetching);
  }

  // ---------------------------------------------------------------- stimuli

  /**
   * A message from the scheduler, at {@code nowMillis} ({@link dev.weft.protocol.GetData} is
   * answered by {@link #values}, {@link dev.weft.protocol.GetStory} by {@link #story}).
   *
   * @throws IllegalArgumentException for a message that is no instruction of the state machine
   */
  public List<Instruction> handle(ToWorker message, long nowMillis) {
    t.open(stimulusId(message), nowMillis);
    try {
      if (message instanceof ComputeTask m) {
        orders.compute(m);
      } else if (message instanceof FreeKeys m) {
        orders.free(m);
      } else if (message instanceof StoreData m) {
        orders.store(m);
      } else if (message instanceof StealRequest m) {
        orders.steal(m.key());
      } else if (message instanceof AcquireReplicas m) {
        orders.acquire(m);
      } else {
        throw new IllegalArgumentException("not a scheduler instruction: " + message.getClass().getSimpleName());
      }
      return end();
    } catch (RuntimeException e) {
      t.abandon();
      throw e;
    }
  }

  private String stimulusId(ToWorker message) {
    if (message instanceof ComputeTask m) {
      return m.stimulusId();
    }
    if (message instanceof FreeKeys m) {
      return m.stimulusId();
    }
    if (message instanceof AcquireReplicas m) {
      return m.stimulusId();
    }
    return message.getClass().getSimpleName() + "-" + (++stimuli);
  }

  /** An outcome of this worker's own work, at {@code nowMillis}. */
  public List<Instruction> handle(WorkerStimulus stimulus, long nowMillis) {
    return handleAll(List.of(stimulus), nowMillis);
  }

  /**
   * Outcomes of this worker's own work that arrived together (runs that ended back to back, say),
   * in order, as one stimulus at {@code nowMillis}, named after the first: a thread running short
   * tasks costs the worker one stimulus per batch, not one per task.
   */
  public List<Instruction> handleAll(List<? extends WorkerStimulus> outcomes, long nowMillis) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    t.open(t.config.workerId() + ":" + outcomes.get(0).getClass().getSimpleName() + "-" + (++stimuli), nowMillis);
    try {
      for (WorkerStimulus outcome : outcomes) {
        dispatch(outcome);
        t.settle();
      }
      return end();
    } catch (RuntimeException e) {
      t.abandon();
      throw e;
    }
  }

  private void dispatch(WorkerStimulus stimulus) {
    if (stimulus instanceof ExecuteSucceeded m) {
      if (!interruptedRunEnded(m.key())) {
        computing.succeeded(m);
      }
    } else if (stimulus instanceof ExecuteFailed m) {
      if (!interruptedRunEnded(m.key())) {
        computing.failed(m);
      }
    } else if (stimulus instanceof GatherSucceeded m) {
      fetching.gathered(m);
    } else if (stimulus instanceof GatherFailed m) {
      m.keys().forEach(key -> fetching.failed(t.tasks.get(key), m.worker()));
    } else if (stimulus instanceof Seceded m) {
      computing.seceded(m.key());
    } else if (stimulus instanceof RejoinRequested m) {
      computing.rejoinRequested(m.key());
    } else if (stimulus instanceof SpillDone m) {
      memory.spilled(m);
    } else if (stimulus instanceof SpillFailed m) {
      memory.spillFailed(m);
    } else if (stimulus instanceof MemoryMeasured m) {
      memory.measured(m);
    }
  }

  /**
   * Whether the run of {@code key} that returned was interrupted: then its outcome (a value, or the
   * InterruptedException it likely threw) is dropped, reported to no one, and its task is computed
   * afresh if the scheduler asked for it again meanwhile.
   */
  private boolean interruptedRunEnded(String key) {
    if (!computing.interrupted(key)) {
      return false;
    }
    ComputeTask again = computing.endInterrupted(key);
    if (again != null) {
      orders.compute(again);
    }
    return true;
  }

  /**
   * The scheduler was lost and a standby scheduler takes over: the values held and the runs under
   * way stay (a run's value is kept when it ends), and every task not started yet is released,
   * since the new scheduler knows nothing of it and re-sends what it still wants.
   */
  public List<Instruction> schedulerLost(long nowMillis) {
    t.open(t.config.workerId() + ":SchedulerLost-" + (++stimuli), nowMillis);
    try {
      for (WorkerTask ts : new ArrayList<>(t.tasks.values())) {
        switch (ts.status) {
          case WAITING, READY, FETCH, FLIGHT, ERROR -> t.release(ts);
          default -> { }
        }
      }
      return end();
    } catch (RuntimeException e) {
      t.abandon();
      throw e;
    }
  }

  private List<Instruction> end() {
    t.settle();
    memory.balance();
    fetching.ensureCommunicating();
    computing.ensureComputing();
    List<Instruction> out = t.close();
    if (t.config.validate()) {
      validate();
    }
    return out;
  }

  // ---------------------------------------------------------------- queries

  /** The logged moves of {@code key} on this worker, oldest first, each with the id of the stimulus that caused it. */
  public List<TransitionRecord<WorkerTaskStatus>> story(String key) {
    return t.engine.story(key);
  }

  /**
   * The same moves, one line each: {@code "<workerId> <from>-><to> <stimulusId> @<millis>"}, as
   * the scheduler merges them by time into the cluster's story of {@code key}.
   */
  public List<String> storyLines(String key) {
    return story(key).stream().map(r -> r.storyLine(t.config.workerId())).toList();
  }

  /** Every edge of the transition table. */
  public List<Transition<WorkerTaskStatus>> declaredTransitions() {
    return t.engine.declared();
  }

  /** How often each declared edge has been taken. */
  public Map<Transition<WorkerTaskStatus>, Long> transitionCounts() {
    return t.engine.counts();
  }

  /** The values held for {@code keys}, a {@link dev.weft.worker.store.SpilledValue} for each on disk; keys not held are left out. */
  public Map<String, Object> values(List<String> keys) {
    Map<String, Object> found = new LinkedHashMap<>();
    for (String k : keys) {
      if (t.store.contains(k)) {
        found.put(k, t.store.get(k));
      }
    }
    return found;
  }

  /** The values held here with their estimated sizes in bytes, as a registration reports them. */
  public Map<String, Long> held() {
    Map<String, Long> held = new LinkedHashMap<>();
    for (String key : t.store.sortedKeys()) {
      held.put(key, t.store.nbytes(key));
    }
    return held;
  }

  /** The estimated size of a held value, or -1. */
  public long nbytes(String key) {
    return t.store.nbytes(key);
  }

  /** The state of {@code key} here, or null when unknown. */
  public WorkerTaskStatus status(String key) {
    WorkerTask ts = t.tasks.get(key);
    return ts == null ? null : ts.status;
  }

  /** Number of values held here. */
  public int storedCount() {
    return t.store.count();
  }

  /** Keys whose values are held here, sorted. */
  public List<String> storedKeys() {
    return t.store.sortedKeys();
  }

  /** Thread slots taken by runs. */
  public int executing() {
    return computing.threadsBusy;
  }

  /** Tasks waiting for a thread. */
  public int readyCount() {
    return computing.ready.size();
  }

  /** Bytes of the values received from peers since start. */
  public long bytesFetched() {
    return fetching.bytesFetched;
  }

  /** Estimated bytes of the values held, in memory or on disk. */
  public long bytesStored() {
    return t.store.bytes();
  }

  /**
   * The worker's memory for its heartbeat: managed, process (measured, or the managed bytes when
   * not measured) and spilled bytes, whether it is paused and why. {@code spillReadBytes} is the
   * shell's count of bytes read back from spill files.
   */
  public WorkerMemory memory(long spillReadBytes) {
    String paused = memory.pausedBecause();
    return new WorkerMemory(t.store.memoryBytes(), memory.processBytes(), t.store.diskBytes(), t.store.diskCount(),
        memory.spillWrittenBytes, spillReadBytes, paused != null, paused == null ? "" : paused);
  }

  /** Why the worker is paused, or null while it runs. */
  public String pausedBecause() {
    return memory.pausedBecause();
  }

  /** Checks the invariants; throws {@link IllegalStateException} when one fails. */
  public void validate() {
    new Invariants(t, computing, fetching).check();
  }
}
