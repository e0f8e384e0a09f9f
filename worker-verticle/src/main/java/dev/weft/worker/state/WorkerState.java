package dev.weft.worker.state;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.state.Transition;
import dev.weft.protocol.state.TransitionRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * All of a worker's task logic as a pure state machine: scheduler messages and outcomes of its
 * own work come in, {@link Instruction}s go out. It holds the worker's values (in a
 * {@link dev.weft.worker.store.ValueStore}), decides what to fetch from which peer and what to run
 * next, and never touches a thread, a clock or the network: the time of each stimulus is given.
 *
 * <p>Every move is logged under the id of the stimulus that caused it: the scheduler's own id for
 * {@link ComputeTask} and {@link FreeKeys} (so its story and this worker's join), the message's
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
  /** Stimuli handled so far; numbers the ids of stimuli that bring none. */
  private long stimuli;

  /** An empty worker. */
  public WorkerState(WorkerConfig config, ToLongFunction<Object> sizeOf) {
    this.t = new WorkerTables(config, sizeOf);
    this.computing = new Computing(t);
    this.fetching = new Fetching(t, computing);
    this.orders = new SchedulerOrders(t, computing, fetching);
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
    return message.getClass().getSimpleName() + "-" + (++stimuli);
  }

  /** An outcome of this worker's own work, at {@code nowMillis}. */
  public List<Instruction> handle(WorkerStimulus stimulus, long nowMillis) {
    t.open(t.config.workerId() + ":" + stimulus.getClass().getSimpleName() + "-" + (++stimuli), nowMillis);
    try {
      if (stimulus instanceof ExecuteSucceeded m) {
        computing.succeeded(m);
      } else if (stimulus instanceof ExecuteFailed m) {
        computing.failed(m);
      } else if (stimulus instanceof GatherSucceeded m) {
        fetching.gathered(m);
      } else if (stimulus instanceof GatherFailed m) {
        m.keys().forEach(key -> fetching.failed(t.tasks.get(key), m.worker()));
      } else if (stimulus instanceof Seceded m) {
        computing.seceded(m.key());
      } else if (stimulus instanceof RejoinRequested m) {
        computing.rejoinRequested(m.key());
      }
      return end();
    } catch (RuntimeException e) {
      t.abandon();
      throw e;
    }
  }

  private List<Instruction> end() {
    t.settle();
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

  /** Every edge of the transition table. */
  public List<Transition<WorkerTaskStatus>> declaredTransitions() {
    return t.engine.declared();
  }

  /** How often each declared edge has been taken. */
  public Map<Transition<WorkerTaskStatus>, Long> transitionCounts() {
    return t.engine.counts();
  }

  /** The values held for {@code keys}; keys not held are left out. */
  public Map<String, Object> values(List<String> keys) {
    Map<String, Object> found = new LinkedHashMap<>();
    for (String k : keys) {
      if (t.store.contains(k)) {
        found.put(k, t.store.get(k));
      }
    }
    return found;
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

  /** Estimated bytes of the values held. */
  public long bytesStored() {
    return t.store.bytes();
  }

  /** Checks the invariants; throws {@link IllegalStateException} when one fails. */
  public void validate() {
    new Invariants(t, computing, fetching).check();
  }
}
