package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.RELEASED;

import dev.weft.protocol.UploadJar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's tables, shared by its parts (stimulus handlers, transitions, placement, views,
 * invariants): tasks, workers, clients, the queues and the counters over them. Holds no logic but
 * the bookkeeping of adding a task; each part changes only what its job needs.
 */
final class Tables {

  /** Task executions the task stream keeps. */
  static final int TASK_RUNS_KEPT = 100_000;


  /** Every live task by key; a key absent here is forgotten. */
  final Map<String, TaskState> tasks = new HashMap<>();
  /** Registered workers by name, in join order. */
  final Map<String, WorkerRecord> workers = new LinkedHashMap<>();
  /** Clients and pseudo-clients and the tasks each wants; mirrors {@link TaskState#wantedBy}. */
  final Map<String, Set<TaskState>> clients = new HashMap<>();
  /**
   * The one-element {@link TaskState#wantedBy} list of each client or pseudo-client, shared by
   * every task it alone wants; an entry is dropped when its client leaves.
   */
  final Map<String, List<String>> soleWanters = new HashMap<>();
  /** Clients that said hello and have not left, by id; only these may send client messages. */
  final Map<String, ClientRecord> connected = new HashMap<>();
  /** Exactly the QUEUED tasks, in the order workers get them (fair share between clients, or dask's). */
  final QueuedTasks queued;
  /** Exactly the NO_WORKER tasks. */
  final Set<TaskState> unrunnable = new LinkedHashSet<>();
  /** Jars uploaded by clients, in upload order; every worker is sent each of them once. */
  final List<UploadJar> jars = new ArrayList<>();
  /** Average run time per function name, in milliseconds. */
  final Map<String, Double> durations = new HashMap<>();
  /** Tasks per state (indexed by ordinal); equals a count over {@link #tasks}. */
  final long[] counts = new long[TaskStatus.values().length];
  /** Tasks per function name and state; one entry per name ever seen, counts as in {@link TaskPrefix}. */
  final Map<String, TaskPrefix> prefixes = new LinkedHashMap<>();
  /** The last {@link #TASK_RUNS_KEPT} task executions workers reported, for the task stream. */
  final TaskStream runs = new TaskStream(TASK_RUNS_KEPT);
  /** Bytes workers have received from peers, summed from their heartbeats; only grows. */
  long bytesTransferred;
  /** Messages workers rejected, summed from their heartbeats; only grows. */
  long workerRejections;
  /** Current submission generation; grows when submissions are fifoTimeout apart. */
  long generation;
  /** Time of the last graph submission. */
  long lastSubmitMillis = Long.MIN_VALUE / 2;
  /** Graph order handed to the next new task; only grows. */
  long nextOrder;

  /** Empty tables; {@code fairShare} gives each client a lane of its own in {@link #queued}. */
  Tables(boolean fairShare) {
    queued = new QueuedTasks(fairShare, clientId -> {
      ClientRecord c = connected.get(clientId);
      return c == null ? 1.0 : c.share;
    });
  }

  /** Adds a new RELEASED task to the task table and the counters. */
  void add(TaskState ts) {
    tasks.put(ts.key, ts);
    counts[RELEASED.ordinal()]++;
    ts.prefix = prefixes.computeIfAbsent(ts.name(), TaskPrefix::new);
    ts.prefix.counts[RELEASED.ordinal()]++;
  }

  /** Counts a move of {@code ts} from {@code from} to {@code to}. */
  void moved(TaskState ts, TaskStatus from, TaskStatus to) {
    counts[from.ordinal()]--;
    counts[to.ordinal()]++;
    ts.prefix.counts[from.ordinal()]--;
    ts.prefix.counts[to.ordinal()]++;
  }

  /** The worker registered as {@code ws.id} is {@code ws} itself (not a newer incarnation). */
  boolean registered(WorkerRecord ws) {
    return workers.get(ws.id) == ws;
  }
}
