package dev.weft.worker.state;

import dev.weft.protocol.AddKeys;
import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.MissingData;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Priority;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.StackFrame;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stimuli and expected instructions for the worker state tests, all for worker {@link #W}. Expected
 * TaskFinished and TaskErred carry a blank stimulus id: {@link WorkerStateTestBase#handle} checks
 * the real one and blanks it.
 */
final class WorkerSpecs {

  /** The worker under test. */
  static final String W = "w1";
  /** Peers holding values. */
  static final String W2 = "w2";
  static final String W3 = "w3";
  static final String W4 = "w4";
  /** Size every value gets from the test's {@code sizeOf} when a stimulus gives none. */
  static final long SIZE_OF = 8;
  /** Start and stop times carried by {@link #succeeded} and {@link #failed}. */
  static final long START = 10;
  static final long STOP = 20;

  private WorkerSpecs() {}

  /** A task without resources depending on {@code deps}. */
  static TaskSpec spec(String key, String... deps) {
    return specWith(key, Map.of(), deps);
  }

  /** A task holding {@code resources} while it runs. */
  static TaskSpec specWith(String key, Map<String, Double> resources, String... deps) {
    TaskOptions options = new TaskOptions(0, 0, List.of(), false, resources);
    return new TaskSpec(key, "fn", Payload.of("fn-" + key), Payload.of(List.of(key)), List.of(deps), options);
  }

  /** Graph order {@code order} in generation 0, no user priority. */
  static Priority prio(long order) {
    return new Priority(0, 0, order);
  }

  /** The scheduler's stimulus id on a {@link #compute} of {@code key}. */
  static String computeId(String key) {
    return "UpdateGraph-" + key;
  }

  static ComputeTask compute(TaskSpec spec, Priority priority, Map<String, List<String>> whoHas) {
    return new ComputeTask(spec, priority, whoHas, computeId(spec.key()));
  }

  static ComputeTask compute(TaskSpec spec, long order) {
    return compute(spec, prio(order), Map.of());
  }

  static FreeKeys free(String... keys) {
    return new FreeKeys(List.of(keys), "ReleaseKeys-" + String.join(",", keys));
  }

  /** Scattered values, in the given order: key, value, key, value... */
  static StoreData store(Object... keysAndValues) {
    Map<String, Payload> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      data.put((String) keysAndValues[i], Payload.of(keysAndValues[i + 1]));
    }
    return new StoreData(data);
  }

  /** The dependencies of an expected {@link Execute}: key, value, key, value... in order. */
  static Map<String, Object> deps(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** The value {@link #succeeded(String)} returns for {@code key}. */
  static String valueOf(String key) {
    return key + "!";
  }

  /** {@code key} returned {@link #valueOf}(key), of unknown size (the worker asks sizeOf). */
  static ExecuteSucceeded succeeded(String key) {
    return succeeded(key, valueOf(key), -1);
  }

  static ExecuteSucceeded succeeded(String key, Object value, long nbytes) {
    return new ExecuteSucceeded(key, value, nbytes, value == null ? "null" : value.getClass().getName(), START, STOP);
  }

  static final RemoteError ERROR = new RemoteError(
      "java.lang.ArithmeticException", "/ by zero", List.of(new StackFrame("Job", "run", "Job.java", 7)), null);

  static ExecuteFailed failed(String key) {
    return new ExecuteFailed(key, ERROR, START, STOP);
  }

  /** A peer answered with {@code key, value, key, value...} (each measured at {@link #SIZE_OF}). */
  static GatherSucceeded gathered(String peer, Object... keysAndValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      data.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new GatherSucceeded(peer, data, List.of());
  }

  /** A peer answered that it holds none of {@code keys}. */
  static GatherSucceeded missingOn(String peer, String... keys) {
    return new GatherSucceeded(peer, Map.of(), List.of(keys));
  }

  // ---------------------------------------------------------------- expected instructions

  static Execute execute(TaskSpec spec) {
    return new Execute(spec.key(), spec, Map.of());
  }

  static Execute execute(TaskSpec spec, Map<String, Object> dependencies) {
    return new Execute(spec.key(), spec, dependencies);
  }

  static GatherDep gatherDep(String peer, String... keys) {
    return new GatherDep(peer, List.of(keys));
  }

  /** The report of {@link #succeeded(String)}: sized by sizeOf, value inline. */
  static SendToScheduler finished(String key) {
    return finished(key, SIZE_OF, valueOf(key), START, STOP);
  }

  static SendToScheduler finished(String key, long nbytes, Object value, long start, long stop) {
    return new SendToScheduler(new TaskFinished(
        W, key, nbytes, value == null ? "null" : value.getClass().getName(), start, stop, Payload.of(value), ""));
  }

  static SendToScheduler erred(String key) {
    return new SendToScheduler(new TaskErred(W, key, ERROR, START, STOP, ""));
  }

  static SendToScheduler addKeys(String key, long nbytes) {
    return new SendToScheduler(new AddKeys(W, Map.of(key, nbytes)));
  }

  static SendToScheduler addKeys(Map<String, Long> nbytes) {
    return new SendToScheduler(new AddKeys(W, nbytes));
  }

  static SendToScheduler missingData(String key, String errantWorker) {
    return new SendToScheduler(new MissingData(W, key, errantWorker));
  }
}
