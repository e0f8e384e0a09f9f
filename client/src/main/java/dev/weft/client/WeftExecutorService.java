package dev.weft.client;

import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link ExecutorService} whose tasks run as Weft tasks on the cluster's workers (dask's
 * {@code client.get_executor()}). Every {@code submit}/{@code execute} is a new task with a fresh
 * (impure) key; the returned futures are {@link TaskFuture}s, so {@code get()} throws
 * {@link ExecutionException} with the task's original exception as its cause. Obtain one from
 * {@link Client#executor()}; each call gives a new executor, and shutting it down affects only
 * the tasks submitted through it (not the client).
 *
 * <p>On an in-process cluster ({@code processes(false)}, a non-clustered Vert.x) tasks are handed
 * to the workers by reference and need not be {@link Serializable}. Otherwise each task must be
 * serializable, and {@code submit} throws {@link SerializationException} naming the class when it
 * is not.
 *
 * <p>{@link #shutdownNow()} cancels every task not yet done. On an in-process cluster it also
 * returns the tasks that had not started (and they never will); elsewhere it cannot know which
 * had started and returns an empty list. Tasks already running are interrupted, as
 * {@code TaskFuture.cancel(true)} does (see {@link Client#cancel(java.util.Collection, boolean)}):
 * their futures report cancellation, and whatever they return is dropped.
 */
public final class WeftExecutorService implements ExecutorService {

  /** The client tasks are submitted through; fixed (the executor never closes it). */
  private final Client client;
  /** True: tasks are submitted unserialized (the client's cluster is in this JVM); fixed. */
  private final boolean inProcess;
  /** Guards {@link #shutdown} and {@link #unfinished}. */
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled whenever {@link #unfinished} loses a task. */
  private final Condition finished = lock.newCondition();
  /** True once {@code shutdown()} or {@code shutdownNow()} ran; never reset. */
  private boolean shutdown;
  /**
   * Submitted tasks not yet done, in submission order; a task leaves when its future is done.
   * Holding the futures here also keeps their keys alive while the caller may have dropped them.
   */
  private final Map<TaskFuture<?>, Submitted> unfinished = new LinkedHashMap<>();

  WeftExecutorService(Client client, boolean inProcess) {
    this.client = client;
    this.inProcess = inProcess;
  }

  // ---------------------------------------------------------------- submitting

  @Override
  public <T> TaskFuture<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return start(task, task);
  }

  @Override
  public TaskFuture<?> submit(Runnable task) {
    return submit(task, null);
  }

  @Override
  public <T> TaskFuture<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return start(task, new RunnableBody<>(task, result));
  }

  /** Runs {@code command} as a task; its failure is reported nowhere, as with a thread pool's futures. */
  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  private <T> TaskFuture<T> start(Object original, Callable<T> body) {
    if (!inProcess && !(original instanceof Serializable)) {
      String cls = original.getClass().getName();
      throw new SerializationException("task " + cls, cls, null);
    }
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException("executor is shut down: " + original);
      }
      Gate gate = inProcess ? new Gate() : null;
      Job<T> job = new Job<>(body, gate);
      TaskFuture<T> f = inProcess
          ? client.submitUnserialized(nameOf(original), job)
          : client.submitTask(job, job, new Object[0], TaskOptions.DEFAULT, null, false);
      unfinished.put(f, new Submitted(original, gate));
      f.onDone(this::done);
      return f;
    } finally {
      lock.unlock();
    }
  }

  private void done(TaskFuture<?> f) {
    lock.lock();
    try {
      if (unfinished.remove(f) != null) {
        finished.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A task name: the class's simple name, or "callable"/"runnable" for lambdas and anonymous classes. */
  private static String nameOf(Object task) {
    Class<?> c = task.getClass();
    String simple = c.getSimpleName();
    if (c.isSynthetic() || c.isAnonymousClass() || simple.isEmpty() || simple.contains("$$Lambda")) {
      return task instanceof Callable<?> ? "callable" : "runnable";
    }
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  // ---------------------------------------------------------------- invokeAll / invokeAny

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    return invokeAll(tasks, null);
  }

  @Override
  public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return invokeAll(tasks, Duration.ofNanos(unit.toNanos(timeout)));
  }

  /** Submits all, waits until all are done or {@code timeout} (null: none) passes, cancels the rest. */
  private <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, Duration timeout)
      throws InterruptedException {
    for (Callable<T> t : tasks) {
      Objects.requireNonNull(t, "task");
    }
    List<TaskFuture<T>> futures = new ArrayList<>(tasks.size());
    try {
      for (Callable<T> t : tasks) {
        futures.add(submit(t));
      }
      CountDownLatch allDone = new CountDownLatch(futures.size());
      for (TaskFuture<T> f : futures) {
        f.onDone(x -> allDone.countDown());
      }
      if (timeout == null) {
        allDone.await();
      } else if (!allDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        cancelAll(futures);
      }
      return new ArrayList<>(futures);
    } catch (InterruptedException | RuntimeException e) {
      cancelAll(futures);
      throw e;
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, null);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no timeout was set", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return invokeAny(tasks, Duration.ofNanos(unit.toNanos(timeout)));
  }

  /**
   * Submits all and returns the value of the first to succeed, cancelling the others; throws the
   * last failure (as {@link ExecutionException}) when none succeeds.
   */
  private <T> T invokeAny(Collection<? extends Callable<T>> tasks, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    for (Callable<T> t : tasks) {
      Objects.requireNonNull(t, "task");
    }
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    List<TaskFuture<T>> futures = new ArrayList<>(tasks.size());
    BlockingQueue<TaskFuture<T>> completions = new LinkedBlockingQueue<>();
    try {
      for (Callable<T> t : tasks) {
        TaskFuture<T> f = submit(t);
        futures.add(f);
        f.onDone(completions::add);
      }
      ExecutionException last = null;
      for (int seen = 0; seen < futures.size(); seen++) {
        TaskFuture<T> f;
        if (timeout == null) {
          f = completions.take();
        } else {
          f = completions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (f == null) {
            throw new TimeoutException("no task succeeded within " + timeout.toMillis() + " ms");
          }
        }
        try {
          return f.get();
        } catch (ExecutionException e) {
          last = e;
        } catch (CancellationException e) {
          last = new ExecutionException(e);
        }
      }
      throw last;
    } finally {
      cancelAll(futures);
    }
  }

  private static void cancelAll(List<? extends java.util.concurrent.Future<?>> futures) {
    for (java.util.concurrent.Future<?> f : futures) {
      f.cancel(true);
    }
  }

  // ---------------------------------------------------------------- shutting down

  /** Accepts no new tasks; those submitted keep running. */
  @Override
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      finished.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Accepts no new tasks and cancels those not done. Returns the tasks known never to have started
   * (in-process clusters only; see the class comment): {@code Runnable}s as given, each
   * {@code Callable} wrapped in a {@code Runnable} that calls it.
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Map.Entry<TaskFuture<?>, Submitted>> pending;
    lock.lock();
    try {
      shutdown = true;
      pending = new ArrayList<>(unfinished.entrySet());
    } finally {
      lock.unlock();
    }
    List<Runnable> neverStarted = new ArrayList<>();
    for (Map.Entry<TaskFuture<?>, Submitted> e : pending) {
      Submitted s = e.getValue();
      if (s.gate() != null && s.gate().preventStart()) {
        neverStarted.add(s.task() instanceof Runnable r ? r : new CallableRunner(s.task()));
      }
      e.getKey().cancel(true);
    }
    return neverStarted;
  }

  @Override
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isTerminated() {
    lock.lock();
    try {
      return shutdown && unfinished.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until shut down with every submitted task done, or the timeout passes; true if terminated. */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && unfinished.isEmpty())) {
        if (nanos <= 0) {
          return false;
        }
        nanos = finished.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "<WeftExecutorService: " + (shutdown ? (unfinished.isEmpty() ? "terminated" : "shutting down") : "running")
          + ", unfinished=" + unfinished.size() + ", client=" + client.id() + ">";
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- parts

  /** A submitted task as given ({@code Runnable} or {@code Callable}) and its start gate (null when remote). */
  private record Submitted(Object task, Gate gate) {}

  /**
   * Decides, once, between the worker starting a task and {@code shutdownNow} preventing it.
   * Only meaningful in-process, where the worker runs this very object.
   */
  static final class Gate {
    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int PREVENTED = 2;
    /** NEW, then STARTED or PREVENTED, never changing again. */
    private final AtomicInteger state = new AtomicInteger(NEW);

    /** True if the task may run (also when it ran before: a retry after a lost worker). */
    boolean start() {
      return state.compareAndSet(NEW, STARTED) || state.get() == STARTED;
    }

    /** True if the task had not started and now never will. */
    boolean preventStart() {
      return state.compareAndSet(NEW, PREVENTED);
    }
  }

  /** The task function of a submitted task: checks the gate (in-process), then calls the body. */
  record Job<T>(Callable<T> body, Gate gate) implements TaskFunction {
    @Override
    public Object apply(Object[] args) throws Exception {
      if (gate != null && !gate.start()) {
        throw new CancellationException("the executor was shut down before this task started");
      }
      return body.call();
    }
  }

  /** A {@code Runnable} with a fixed result, as a serializable {@code Callable}. */
  private record RunnableBody<T>(Runnable task, T result) implements Callable<T>, Serializable {
    @Override
    public T call() {
      task.run();
      return result;
    }
  }

  /** A never-started {@code Callable} handed back by {@code shutdownNow}, as a {@code Runnable}. */
  private record CallableRunner(Object callable) implements Runnable {
    @Override
    public void run() {
      try {
        ((Callable<?>) callable).call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new WeftException("callable failed", e);
      }
    }
  }
}
