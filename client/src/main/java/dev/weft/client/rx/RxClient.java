package dev.weft.client.rx;

import dev.weft.client.Client;
import dev.weft.client.Fn1;
import dev.weft.client.SchedulerInfo;
import dev.weft.client.TaskRecord;
import dev.weft.client.ScatterOptions;
import dev.weft.client.TaskBuilder;
import dev.weft.client.TaskFuture;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.FlowableEmitter;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The RxJava 3 facade of a {@link Client} ({@code client.rx()}): the same method names, returning
 * COLD {@link Single}, {@link Completable} and {@link Flowable}s. Nothing is sent to the cluster
 * until subscription, and each subscription does the work again: {@code submit(...)} submits on
 * subscribe and emits the task's value; the future behind it is released when the value has been
 * emitted or the subscription is disposed (so disposing early lets the cluster drop the task,
 * unless someone else still wants it).
 *
 * <p>Values may be signalled on a Vert.x event-loop thread: use {@code observeOn} before
 * blocking work downstream. A task whose value is {@code null} signals a
 * {@link NullPointerException}, since RxJava streams cannot carry null.
 */
public final class RxClient extends RxSubmitApi implements RxCoordinationApi {

  /** The client every call delegates to; fixed. */
  private final Client client;

  /** The facade of {@code client}; usually obtained with {@link Client#rx()}. */
  public RxClient(Client client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Client client() {
    return client;
  }

  // ---------------------------------------------------------------- submitting

  /**
   * One task per element of {@code items}, submitted (in one message) when subscribed; emits the
   * values in the order of {@code items}. Each future is released once its value is emitted.
   */
  public <A, R> Flowable<R> map(Fn1<A, R> fn, Collection<? extends A> items) {
    List<A> copy = new ArrayList<>(items);
    return Flowable.defer(() -> {
      List<TaskFuture<R>> futures = client.map(fn, copy);
      return Flowable.fromIterable(futures)
          .concatMapSingle(f -> fromVertx(f::future).doFinally(f::release))
          .doFinally(() -> futures.forEach(TaskFuture::release));
    });
  }

  // ---------------------------------------------------------------- data

  /** The values of {@code futures}, in the order given, fetched when subscribed. */
  public <T> Single<List<T>> gather(Collection<TaskFuture<T>> futures) {
    List<TaskFuture<T>> copy = new ArrayList<>(futures);
    return fromVertx(() -> client.gather(copy));
  }

  /** Places {@code value} on a worker when subscribed; emits its future once it is there. */
  public <T> Single<TaskFuture<T>> scatter(T value) {
    return scatter(value, ScatterOptions.defaults());
  }

  /** Places {@code value} on a worker (or every worker) when subscribed; emits its future once there. */
  public <T> Single<TaskFuture<T>> scatter(T value, ScatterOptions options) {
    return Single.defer(() -> whenDone(client.scatter(value, options)));
  }

  /** Places each value on a worker when subscribed; emits their futures once all are there. */
  public <T> Single<List<TaskFuture<T>>> scatter(List<T> values) {
    List<T> copy = new ArrayList<>(values);
    return Single.defer(() -> {
      List<TaskFuture<T>> futures = client.scatter(copy);
      return Flowable.fromIterable(futures).concatMapSingle(RxClient::whenDone).toList();
    });
  }

  /** Cancels {@code futures} (and, for this client, their dependents) when subscribed. */
  public Completable cancel(Collection<? extends TaskFuture<?>> futures) {
    return cancel(futures, false);
  }

  /**
   * Cancels {@code futures} (and, for this client, their dependents) when subscribed; with
   * {@code force}, interrupting the runs the scheduler lets go (see {@link Client#cancel(Collection, boolean)}).
   */
  public Completable cancel(Collection<? extends TaskFuture<?>> futures, boolean force) {
    List<TaskFuture<?>> copy = new ArrayList<>(futures);
    return completes(() -> client.cancel(copy, force));
  }

  /** Computes erred {@code futures} again when subscribed (see {@link Client#retry}). */
  public Completable retry(Collection<? extends TaskFuture<?>> futures) {
    List<TaskFuture<?>> copy = new ArrayList<>(futures);
    return completes(() -> client.retry(copy));
  }

  /** Restarts the cluster when subscribed; completes once its workers are back (see {@link Client#restart()}). */
  public Completable restart() {
    return completes(client::restart);
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Emits {@code futures} in the order they complete (finished, erred or cancelled), then
   * completes. Subscribing registers the callbacks; each subscription sees every future.
   */
  public <T> Flowable<TaskFuture<T>> asCompleted(Collection<TaskFuture<T>> futures) {
    List<TaskFuture<T>> copy = new ArrayList<>(futures);
    return Flowable.create(emitter -> {
      if (copy.isEmpty()) {
        emitter.onComplete();
        return;
      }
      FlowableEmitter<TaskFuture<T>> serial = emitter.serialize();
      AtomicInteger left = new AtomicInteger(copy.size());
      for (TaskFuture<T> f : copy) {
        f.onDone(done -> {
          serial.onNext(done);
          if (left.decrementAndGet() == 0) {
            serial.onComplete();
          }
        });
      }
    }, BackpressureStrategy.BUFFER);
  }

  // ---------------------------------------------------------------- cluster information

  /** Key → names of the workers holding it, for every key in memory; asked when subscribed. */
  public Single<Map<String, List<String>>> whoHas() {
    return fromVertx(client::whoHas);
  }

  /** Key → names of the workers holding it, for these futures; asked when subscribed. */
  public Single<Map<String, List<String>>> whoHas(Collection<? extends TaskFuture<?>> futures) {
    List<TaskFuture<?>> copy = new ArrayList<>(futures);
    return fromVertx(() -> client.whoHas(copy));
  }

  /** Worker name → keys it holds; asked when subscribed. */
  public Single<Map<String, List<String>>> hasWhat() {
    return fromVertx(client::hasWhat);
  }

  /** Worker name → threads; asked when subscribed. */
  public Single<Map<String, Integer>> nthreads() {
    return fromVertx(client::nthreads);
  }

  /** The task executions of the last {@code since}, oldest first; asked when subscribed. */
  public Single<List<TaskRecord>> getTaskStream(java.time.Duration since) {
    return fromVertx(() -> client.getTaskStream(since));
  }

  /** The scheduler's address, workers and task counts; asked when subscribed. */
  public Single<SchedulerInfo> schedulerInfo() {
    return fromVertx(client::schedulerInfo);
  }

  @Override
  public String toString() {
    return "<RxClient: " + client.id() + ">";
  }

  // ---------------------------------------------------------------- conversions

  /** Submits on subscribe, emits the value, releases the future when terminated or disposed. */
  @Override
  <R> Single<R> submitted(TaskBuilder<R> task) {
    return Single.defer(() -> {
      TaskFuture<R> f = task.submit();
      return fromVertx(f::future).doFinally(f::release);
    });
  }

  /** Emits {@code f} once it is done (the callback registered on subscribe). */
  private static <T> Single<TaskFuture<T>> whenDone(TaskFuture<T> f) {
    return Single.create(emitter -> f.onDone(emitter::onSuccess));
  }

  /** A cold {@code Completable} of the Vert.x future {@code call} returns; {@code call} runs on subscribe. */
  static Completable completes(Supplier<Future<?>> call) {
    return Completable.create(emitter -> call.get().onComplete(ar -> {
      if (ar.failed()) {
        emitter.tryOnError(ar.cause());
      } else {
        emitter.onComplete();
      }
    }));
  }

  /** A cold {@code Single} of the Vert.x future {@code call} returns; {@code call} runs on subscribe. */
  static <T> Single<T> fromVertx(Supplier<Future<T>> call) {
    return Single.create(emitter -> call.get().onComplete(ar -> {
      if (ar.failed()) {
        emitter.tryOnError(ar.cause());
      } else if (ar.result() == null) {
        emitter.tryOnError(new NullPointerException("the value is null, which a Single cannot emit"));
      } else {
        emitter.onSuccess(ar.result());
      }
    }));
  }
}
