package dev.weft.scheduler.state;

import dev.weft.protocol.AcquireReplicas;
import dev.weft.protocol.AddKeys;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.StackFrame;
import dev.weft.protocol.StealRequest;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.WorkerMemory;
import dev.weft.protocol.WorkerStatusChange;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builders of the messages fed to {@link SchedulerState} and of the effects expected back. The
 * scheduler never opens payloads, so functions and arguments are placeholders.
 */
final class Specs {

  /** Stands for a task's function. */
  static final Payload FUNCTION = Payload.of(null);
  /** Stands for a task's arguments. */
  static final Payload ARGS = Payload.of(new Object[0]);
  /** Type reported for every finished task. */
  static final String TYPE = "java.lang.Integer";
  /** The cluster node every worker and client of these tests runs on. */
  static final String NODE = "node-1";

  private Specs() {}

  // ---------------------------------------------------------------- tasks

  static TaskSpec task(String key, String... dependencies) {
    return task(key, TaskOptions.DEFAULT, dependencies);
  }

  static TaskSpec task(String key, TaskOptions options, String... dependencies) {
    return new TaskSpec(key, "f", FUNCTION, ARGS, List.of(dependencies), options);
  }

  static TaskOptions priority(int priority) {
    return new TaskOptions(priority, 0, List.of(), false, Map.of());
  }

  static TaskOptions retries(int retries) {
    return new TaskOptions(0, retries, List.of(), false, Map.of());
  }

  static TaskOptions onWorkers(boolean allowOtherWorkers, String... workers) {
    return new TaskOptions(0, 0, List.of(workers), allowOtherWorkers, Map.of());
  }

  static TaskOptions needs(String resource, double amount) {
    return new TaskOptions(0, 0, List.of(), false, Map.of(resource, amount));
  }

  // ---------------------------------------------------------------- client messages

  static ClientHello hello(String client) {
    return new ClientHello(client, NODE);
  }

  /** One UpdateGraph with {@code tasks} (dependencies first), wanting {@code wanted}. */
  static UpdateGraph graph(String client, List<TaskSpec> tasks, String... wanted) {
    return new UpdateGraph(client, tasks, List.of(wanted));
  }

  /** One UpdateGraph with one task, wanted. */
  static UpdateGraph submit(String client, TaskSpec spec) {
    return graph(client, List.of(spec), spec.key());
  }

  static ReleaseKeys release(String client, String... keys) {
    return new ReleaseKeys(client, List.of(keys));
  }

  static CancelKeys cancel(String client, String... keys) {
    return new CancelKeys(client, List.of(keys));
  }

  /** {@code client} cancels {@code keys} with force (mayInterruptIfRunning). */
  static CancelKeys forceCancel(String client, String... keys) {
    return new CancelKeys(client, List.of(keys), true);
  }

  /** Scatters {@code keyValues} (key, payload, key, payload, ...) in order. */
  static ScatterData scatter(String client, boolean broadcast, Object... keyValues) {
    Map<String, Payload> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put((String) keyValues[i], (Payload) keyValues[i + 1]);
    }
    return new ScatterData(client, data, broadcast);
  }

  // ---------------------------------------------------------------- worker messages

  static RegisterWorker worker(String id, int nthreads) {
    return new RegisterWorker(id, nthreads, 0, Map.of(), NODE);
  }

  static RegisterWorker worker(String id, int nthreads, String resource, double amount) {
    return new RegisterWorker(id, nthreads, 0, Map.of(resource, amount), NODE);
  }

  /** A one-thread worker with a memory limit of {@code memoryLimit} bytes (0: none). */
  static RegisterWorker limited(String id, long memoryLimit) {
    return new RegisterWorker(id, 1, memoryLimit, Map.of(), NODE);
  }

  static WorkerStatusChange paused(String worker, String reason) {
    return new WorkerStatusChange(worker, true, reason);
  }

  static WorkerStatusChange resumed(String worker) {
    return new WorkerStatusChange(worker, false, "");
  }

  /** A heartbeat saying the worker is paused (for "memory 85% of the limit") or running. */
  static Heartbeat beat(String worker, boolean paused) {
    return new Heartbeat(worker, 0, new WorkerMemory(1_000, 3_000, 0, 0, 0, 0, paused,
        paused ? "memory 85% of the limit" : ""), 0, 0, 0, 0);
  }

  static TaskFinished finished(String worker, String key) {
    return finished(worker, key, 8, null);
  }

  static TaskFinished finished(String worker, String key, long nbytes, Payload inline) {
    return new TaskFinished(worker, key, nbytes, TYPE, 100, 110, inline, worker + ":ExecuteSucceeded-" + key);
  }

  static TaskErred erred(String worker, String key, RemoteError error) {
    return new TaskErred(worker, key, error, 100, 110, worker + ":ExecuteFailed-" + key);
  }

  static AddKeys addKeys(String worker, String key, long nbytes) {
    return new AddKeys(worker, Map.of(key, nbytes));
  }

  static RemoteError error(String message) {
    return new RemoteError("java.lang.ArithmeticException", message,
        List.of(new StackFrame("user.Code", "divide", "Code.java", 7)), null);
  }

  // ---------------------------------------------------------------- expected effects

  /**
   * {@code effects} with the stimulus ids of ComputeTask, FreeKeys and AcquireReplicas blanked, for tests about
   * what is sent rather than which stimulus sent it (the ids have their own tests).
   */
  static List<Effect> withoutStimulusIds(List<Effect> effects) {
    List<Effect> out = new ArrayList<>(effects.size());
    for (Effect e : effects) {
      if (e instanceof SendToWorker w && w.message() instanceof ComputeTask c) {
        out.add(new SendToWorker(w.workerId(), new ComputeTask(c.spec(), c.priority(), c.whoHas(), "")));
      } else if (e instanceof SendToWorker w && w.message() instanceof FreeKeys f) {
        out.add(new SendToWorker(w.workerId(), new FreeKeys(f.keys(), "", f.interrupt())));
      } else if (e instanceof SendToWorker w && w.message() instanceof AcquireReplicas a) {
        out.add(acquire(w.workerId(), a.whoHas()));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  static SendToWorker compute(String worker, TaskSpec spec, Priority priority) {
    return compute(worker, spec, priority, Map.of());
  }

  static SendToWorker compute(String worker, TaskSpec spec, Priority priority, Map<String, List<String>> whoHas) {
    return new SendToWorker(worker, new ComputeTask(spec, priority, whoHas, ""));
  }

  /** {@code worker} is asked to copy values from their holders (for a retiring worker). */
  static SendToWorker acquire(String worker, Map<String, List<String>> whoHas) {
    return new SendToWorker(worker, new AcquireReplicas(whoHas, ""));
  }

  static SendToWorker steal(String worker, String key) {
    return new SendToWorker(worker, new StealRequest(key));
  }

  static SendToWorker free(String worker, String key) {
    return new SendToWorker(worker, new FreeKeys(List.of(key), ""));
  }

  /** {@code worker} is told to drop {@code key} and interrupt its run. */
  static SendToWorker freeInterrupting(String worker, String key) {
    return new SendToWorker(worker, new FreeKeys(List.of(key), "", true));
  }

  static SendToClient inMemory(String client, String key, List<String> workers, Payload inline) {
    return new SendToClient(client, new KeyInMemory(key, TYPE, workers, inline));
  }

  static SendToClient erredKey(String client, String key, RemoteError error) {
    return new SendToClient(client, new KeyErred(key, error));
  }

  static SendToClient cancelled(String client, String key, String reason) {
    return new SendToClient(client, new KeyCancelled(key, reason));
  }

  static SendToClient lost(String client, String key) {
    return new SendToClient(client, new KeyLost(key));
  }
}
