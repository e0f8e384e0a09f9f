package dev.weft.client;

import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A handle on a task's result, which stays on a worker until asked for. Several futures may share
 * one key (pure submissions); the cluster keeps the key while any of them is alive. Dropping the
 * last one — by {@link #release()} or by letting it be garbage-collected — lets the scheduler
 * forget the task and the worker free the value.
 *
 * @param <T> the type of the task's value
 */
public final class TaskFuture<T> implements java.util.concurrent.Future<T> {

  private static final Cleaner CLEANER = Cleaner.create();

  private final Client client;
  private final FutureState state;
  /** Drops this future's reference exactly once (explicitly, or when collected). */
  private final Cleaner.Cleanable releaser;

  TaskFuture(Client client, FutureState state) {
    this.client = client;
    this.state = state;
    this.releaser = CLEANER.register(this, new Release(client, state));
  }

  /** The task's key. */
  public String key() {
    return state.key;
  }

  /** The current status. */
  public FutureStatus status() {
    return state.status();
  }

  /** True once finished, erred or cancelled. */
  public boolean done() {
    FutureStatus s = state.status();
    return s == FutureStatus.FINISHED || s == FutureStatus.ERROR || s == FutureStatus.CANCELLED;
  }

  /**
   * Waits for and returns the value. Throws {@link RemoteTaskException} (cause: the original
   * exception) when the task failed, {@link KilledWorkerException} when it kept killing workers,
   * {@link TaskTooLargeException} when its inputs fit no worker's memory limit,
   * {@link CancelledTaskException} when cancelled. Must not be called on an event loop.
   */
  public T result() {
    return await(null);
  }

  /** As {@link #result()}, throwing {@link WeftTimeoutException} after {@code timeout}. */
  public T result(Duration timeout) {
    return await(timeout);
  }

  private T await(Duration timeout) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("result() blocks: call it outside event loops, or use future()");
    }
    try {
      CompletableFuture<T> value = future().toCompletionStage().toCompletableFuture();
      return timeout == null ? value.get() : value.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException("interrupted while waiting for " + key(), e);
    } catch (TimeoutException e) {
      throw new WeftTimeoutException(key(), timeout);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WeftException w) {
        throw w;
      }
      throw new WeftException("failed to get " + key(), e.getCause());
    }
  }

  /** Waits until done; returns the task's exception (the original one), or null if it succeeded. */
  public Throwable exception() {
    try {
      result();
      return null;
    } catch (RemoteTaskException e) {
      return e.getCause();
    } catch (WeftException e) {
      return e;
    }
  }

  /** The value as a Vert.x future, fetched from a worker when it is not held here. */
  public Future<T> future() {
    return Future.fromCompletionStage(state.done()).compose(s -> client.fetcher().valueOf(key(), state.outcome()));
  }

  /** The value as a (cold) RxJava {@code Single}. */
  public Single<T> single() {
    return Single.defer(() -> Single.fromCompletionStage(toCompletionStage()));
  }

  /** The value as a {@link CompletionStage}. */
  public CompletionStage<T> toCompletionStage() {
    return future().toCompletionStage();
  }

  /**
   * Calls {@code callback} once when this future is done (at once, on another thread, if it
   * already is). Callbacks never run on an event loop.
   */
  public TaskFuture<T> onDone(Consumer<TaskFuture<T>> callback) {
    state.done().whenCompleteAsync((s, e) -> callback.accept(this), client.futures().callbacks());
    return this;
  }

  /** Cancels this task and, for this client, everything that depends on it. */
  public void cancel() {
    client.cancel(java.util.List.of(this));
  }

  /** Computes this future again if it erred, with its erred inputs (dask's {@code retry}); see {@link Client#retry}. */
  public Future<Void> retry() {
    return client.retry(java.util.List.of(this));
  }

  /** Drops this future's interest in the key; idempotent. */
  public void release() {
    releaser.clean();
  }

  // ---------------------------------------------------------------- java.util.concurrent.Future

  /**
   * {@code java.util.concurrent.Future}'s cancel: false when already done; with
   * {@code mayInterruptIfRunning}, a running task the scheduler lets go is interrupted on its
   * worker (see {@link Client#cancel(java.util.Collection, boolean)}).
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return client.futures().cancelUnlessDone(state, mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return state.status() == FutureStatus.CANCELLED;
  }

  @Override
  public boolean isDone() {
    return done();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    try {
      return get(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return future().toCompletionStage().toCompletableFuture().get(timeout, unit);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CancelledTaskException) {
        CancellationException ce = new CancellationException(c.getMessage());
        ce.initCause(c);
        throw ce;
      }
      throw new ExecutionException(c instanceof RemoteTaskException r ? r.getCause() : c);
    }
  }

  @Override
  public String toString() {
    return "<TaskFuture: " + state.status().name().toLowerCase() + ", key: " + key() + ">";
  }

  FutureState state() {
    return state;
  }

  Client client() {
    return client;
  }

  /** The cleaning action; must not refer to the future itself. */
  private record Release(Client client, FutureState state) implements Runnable {
    @Override
    public void run() {
      client.futures().release(state);
    }
  }
}
