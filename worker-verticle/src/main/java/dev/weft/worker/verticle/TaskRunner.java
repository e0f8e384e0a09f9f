package dev.weft.worker.verticle;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.ForySerializer;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.ValueSerializer;
import dev.weft.worker.state.Execute;
import dev.weft.worker.state.ExecuteFailed;
import dev.weft.worker.state.ExecuteSucceeded;
import dev.weft.protocol.jvm.ClassArchiveRecorder;
import dev.weft.worker.state.RejoinRequested;
import dev.weft.worker.state.Seceded;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs tasks on the worker's own task threads, never on an event loop, and hands each outcome
 * back to the worker's context. How many run at once is decided by the worker state, not here.
 */
final class TaskRunner {

  private final String workerId;
  private final Context context;
  private final Consumer<List<WorkerStimulus>> outcomes;
  private final ExecutorService threads;
  /** The task threads as the worker's slots, and the runs queued for them. */
  private final TaskSlots slots;
  /** Hand-overs from task threads to the worker's context not yet run there, oldest first. */
  private final ConcurrentLinkedQueue<Runnable> handOvers = new ConcurrentLinkedQueue<>();
  /** Outcomes handed over in the current drain of {@link #handOvers}, passed on together; touched on the context only. */
  private final List<WorkerStimulus> arrived = new ArrayList<>();
  /** Whether a context task is scheduled that will run the hand-overs queued so far. */
  private final AtomicBoolean handOverScheduled = new AtomicBoolean();
  /** Gives a dependency's value, reading it back from disk when it is spilled (on the task thread). */
  private final BiFunction<Object, UploadedJars.Generation, Object> resolve;
  /** Uploaded jars and the class-loading generation tasks start with (see {@link UploadedJars}). */
  private final UploadedJars jars;
  /** Runs started and not yet reported, by key; touched only on the worker's context. */
  private final Map<String, RunningTask> running = new HashMap<>();
  /** Task threads blocked in {@code rejoin()}, by key, until the worker grants them a slot. */
  private final Map<String, CompletableFuture<Void>> rejoins = new ConcurrentHashMap<>();
  /**
   * The worker state's generation: runs started for an older one (before the worker rebuilt its
   * state) report nothing, and their secede/rejoin are no-ops. Only grows.
   */
  private volatile int generation;

  TaskRunner(String workerId, int nthreads, ValueSerializer serializer, Context context,
      Consumer<List<WorkerStimulus>> outcomes, BiFunction<Object, UploadedJars.Generation, Object> resolve, boolean remote) {
    this.workerId = workerId;
    this.resolve = resolve;
    this.context = context;
    this.outcomes = outcomes;
    // Fory caches classes it resolved by name: each upload generation reads with a Fory of its own.
    this.jars = new UploadedJars(workerId, TaskRunner.class.getClassLoader(), serializer,
        serializer instanceof ForySerializer ? ForySerializer::new : () -> serializer);
    this.threads = Executors.newCachedThreadPool(new TaskThreads(workerId));
    this.slots = new TaskSlots(nthreads, threads);
    if (remote) {
      // Tasks will come serialized: get the serializer ready while the worker joins, on a task
      // thread (then idle and reused), so that the first task does not wait for it.
      ValueSerializer first = jars.current().serializer();
      threads.execute(() -> {
        try {
          first.warmUp();
        } catch (RuntimeException ignored) {
          // nothing lost: the first real value meets, and reports, whatever failed here
        }
      });
    }
  }

  /** Starts a new generation: outcomes of runs started before are dropped from now on. */
  void newGeneration() {
    generation++;
    slots.newEpoch();
    rejoins.values().forEach(waiting -> waiting.complete(null));
    rejoins.clear();
  }

  /**
   * Starts {@code e} on a task thread, or queues it for the next thread whose run ends when it is
   * {@link Execute#queued}. Its function and arguments are read, and it runs, with the classes of
   * the upload generation current now: a jar uploaded later does not change a task already started.
   */
  void run(Execute e) {
    int gen = generation;
    UploadedJars.Generation classes = jars.current();
    RunningTask run = new RunningTask();
    running.put(e.key(), run);
    TaskSlots.SlotRun slotRun = () -> gen == generation
        ? execute(e, gen, classes, run)
        : () -> handOver(() -> running.remove(e.key(), run)); // queued for a state since rebuilt: never starts
    if (e.queued()) {
      slots.enqueue(slotRun);
    } else {
      slots.start(slotRun);
    }
  }

  /** Runs {@code e} on the calling task thread; returns what hands its outcome to the worker. */
  private Runnable execute(Execute e, int gen, UploadedJars.Generation classes, RunningTask run) {
    long start = System.currentTimeMillis();
    WorkerStimulus outcome;
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classes.loader());
    try {
      ClassLoader loader = classes.loader();
      TaskFunction fn = (TaskFunction) classes.function(e.spec().function());
      Object[] args = ((Object[]) e.spec().args().value(classes.serializer(), loader)).clone();
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof DependencyRef ref) {
          args[i] = resolve.apply(e.dependencies().get(ref.key()), classes);
        }
      }
      TaskContext.set(new TaskContext(e.key(), workerId, e.spec().options().priority(), context.owner(), this, gen,
          run::cancelled));
      Object value;
      run.start();
      try {
        value = fn.apply(args);
      } finally {
        run.finish();
        TaskContext.set(null);
      }
      outcome = new ExecuteSucceeded(e.key(), value, Sizes.estimate(value),
          value == null ? "null" : value.getClass().getName(), start, System.currentTimeMillis());
    } catch (Throwable t) {
      outcome = new ExecuteFailed(e.key(), RemoteError.of(t), start, System.currentTimeMillis());
    } finally {
      thread.setContextClassLoader(previous);
    }
    WorkerStimulus done = outcome;
    return () -> handOver(() -> {
      running.remove(e.key(), run);
      accept(gen, done);
    });
  }

  /** The worker let {@code key}'s run go with a forced cancel: its thread is interrupted while the task runs. */
  void interrupt(String key) {
    RunningTask run = running.get(key);
    if (run != null) {
      run.cancel();
    }
  }

  /** Hands {@code outcome} to the worker's context unless the state it was meant for is gone. */
  private void deliver(int gen, WorkerStimulus outcome) {
    handOver(() -> accept(gen, outcome));
  }

  /** On the worker's context: keeps {@code outcome} for the worker, unless the state it was meant for is gone. */
  private void accept(int gen, WorkerStimulus outcome) {
    if (gen == generation) {
      arrived.add(outcome);
    }
  }

  /**
   * Runs {@code r} on the worker's context after the hand-overs queued before it; one context task
   * runs all that are queued by then, so a thread running short tasks back to back does not wake
   * the event loop for each.
   */
  private void handOver(Runnable r) {
    handOvers.add(r);
    if (handOverScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        handOverScheduled.set(false);
        for (Runnable next = handOvers.poll(); next != null; next = handOvers.poll()) {
          next.run();
        }
        if (!arrived.isEmpty()) {
          List<WorkerStimulus> together = List.copyOf(arrived);
          arrived.clear();
          outcomes.accept(together);
        }
        ClassArchiveRecorder.warm(); // a task ran: this JVM's classes are worth keeping
      });
    }
  }

  void secede(String key, int gen) {
    slots.leave();
    deliver(gen, new Seceded(key));
  }

  void rejoin(String key, int gen) {
    if (gen != generation) {
      return;
    }
    CompletableFuture<Void> granted = new CompletableFuture<>();
    rejoins.put(key, granted);
    if (gen != generation) { // a new generation started meanwhile and may have missed this wait
      rejoins.remove(key, granted);
      return;
    }
    deliver(gen, new RejoinRequested(key));
    try {
      granted.get();
      if (gen == generation) {
        slots.rejoin();
      }
    } catch (InterruptedException e) {
      rejoins.remove(key, granted);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rejoining the thread pool", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The worker granted {@code key} its slot again: wake the thread blocked in {@link #rejoin}. */
  void granted(String key) {
    CompletableFuture<Void> waiting = rejoins.remove(key);
    if (waiting != null) {
      waiting.complete(null);
    }
  }

  /** Runs a {@link RunFunction} on a task thread, outside the task slots; never fails. */
  Future<RunResult> runFunction(RunFunction run) {
    Promise<RunResult> result = Promise.promise();
    UploadedJars.Generation classes = jars.current();
    threads.execute(() -> {
      RunResult outcome;
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(classes.loader());
      try {
        TaskFunction fn = (TaskFunction) run.function().value(classes.serializer(), classes.loader());
        TaskContext.set(new TaskContext("run-" + workerId, workerId, 0, context.owner(), this, generation, () -> false));
        try {
          outcome = new RunResult(workerId, Payload.of(fn.apply(new Object[0])), null);
        } finally {
          TaskContext.set(null);
        }
      } catch (Throwable t) {
        outcome = new RunResult(workerId, null, RemoteError.of(t));
      } finally {
        thread.setContextClassLoader(previous);
      }
      RunResult done = outcome;
      context.runOnContext(v -> result.complete(done));
    });
    return result.future();
  }

  /** The classes (loader and serializer) values received now are read with: the current upload generation. */
  UploadedJars.Generation classes() {
    return jars.current();
  }

  /**
   * Makes the classes of an uploaded jar available to tasks started from now on; a jar uploaded
   * again under its name with other bytes replaces the earlier one for them. Returns false when
   * nothing changed (the same bytes again).
   */
  boolean addJar(String name, byte[] bytes) {
    return jars.add(name, bytes);
  }

  void shutdown() {
    slots.clear();
    threads.shutdownNow();
  }

  /**
   * Daemon threads named after the worker, so thread dumps say whose task runs where. Each task
   * sets the thread's context class loader to its generation's for as long as it runs.
   */
  private static final class TaskThreads implements ThreadFactory {
    private final String workerId;
    private final AtomicInteger next = new AtomicInteger();

    TaskThreads(String workerId) {
      this.workerId = workerId;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "weft-" + workerId + "-task-" + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    }
  }
}
