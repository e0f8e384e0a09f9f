package dev.weft.client.rx;

import dev.weft.client.Client;
import dev.weft.client.TaskFuture;
import dev.weft.client.coordination.Event;
import dev.weft.client.coordination.Lock;
import dev.weft.client.coordination.MultiLock;
import dev.weft.client.coordination.Queue;
import dev.weft.client.coordination.Semaphore;
import dev.weft.client.coordination.TopicEvent;
import dev.weft.client.coordination.Variable;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.List;

/**
 * The RxJava 3 side of {@link dev.weft.client.CoordinationApi}: the same locks, semaphores, queues,
 * variables, events, multi-locks, datasets and event topics, with methods returning cold
 * {@link Single}s and {@link Completable}s (each subscription asks the scheduler again) and a topic's
 * events as a {@link Flowable} (subscribed while it is, unsubscribed when disposed).
 */
public interface RxCoordinationApi {

  /** The client every call delegates to. */
  Client client();

  /** The lock {@code name}. */
  default RxLock lock(String name) {
    return new RxLock(client().lock(name));
  }

  /** The semaphore {@code name} of {@code maxLeases} leases. */
  default RxSemaphore semaphore(String name, int maxLeases) {
    return new RxSemaphore(client().semaphore(name, maxLeases));
  }

  /** The unbounded queue {@code name}. */
  default <T> RxQueue<T> queue(String name) {
    return new RxQueue<>(client().queue(name));
  }

  /** The queue {@code name} of at most {@code maxsize} items (0: unbounded). */
  default <T> RxQueue<T> queue(String name, int maxsize) {
    return new RxQueue<>(client().queue(name, maxsize));
  }

  /** The variable {@code name}. */
  default <T> RxVariable<T> variable(String name) {
    return new RxVariable<>(client().variable(name));
  }

  /** The event {@code name}. */
  default RxEvent event(String name) {
    return new RxEvent(client().event(name));
  }

  /** The multi-lock over the locks {@code names}. */
  default RxMultiLock multiLock(String... names) {
    return new RxMultiLock(client().multiLock(names));
  }

  /** Publishes {@code future} as dataset {@code name} when subscribed; errors when the name is taken. */
  default Completable publishDataset(String name, TaskFuture<?> future) {
    return RxClient.completes(() -> client().publishDataset(name, future));
  }

  /** Publishes {@code future} as dataset {@code name}, replacing one of that name when {@code override}. */
  default Completable publishDataset(String name, TaskFuture<?> future, boolean override) {
    return RxClient.completes(() -> client().publishDataset(name, future, override));
  }

  /** A future on dataset {@code name}; errors when there is none. */
  default <T> Single<TaskFuture<T>> getDataset(String name) {
    return RxClient.fromVertx(() -> client().<T>getDataset(name));
  }

  /** The names of the published datasets, sorted. */
  default Single<List<String>> listDatasets() {
    return RxClient.fromVertx(() -> client().listDatasets());
  }

  /** Unpublishes dataset {@code name} when subscribed. */
  default Completable unpublishDataset(String name) {
    return RxClient.completes(() -> client().unpublishDataset(name));
  }

  /** Logs {@code message} under {@code topic} when subscribed. */
  default Completable logEvent(String topic, Object message) {
    return RxClient.completes(() -> client().logEvent(topic, message));
  }

  /**
   * The new events of {@code topic} while subscribed (the client's one handler of that topic:
   * a second subscription replaces the first).
   */
  default Flowable<TopicEvent> subscribeTopic(String topic) {
    return Flowable.create(emitter -> {
      client().subscribeTopic(topic, emitter::onNext).onFailure(emitter::tryOnError);
      emitter.setCancellable(() -> client().unsubscribeTopic(topic));
    }, BackpressureStrategy.BUFFER);
  }

  /** The events {@code topic} keeps, oldest first. */
  default Single<List<TopicEvent>> getEvents(String topic) {
    return RxClient.fromVertx(() -> client().getEvents(topic));
  }

  /** A {@link Lock} whose calls return cold {@code Single}s and {@code Completable}s. */
  final class RxLock {
    private final Lock lock;

    RxLock(Lock lock) {
      this.lock = lock;
    }

    /** Takes the lock, waiting as long as it takes. */
    public Single<Boolean> acquire() {
      return RxClient.fromVertx(lock::acquire);
    }

    /** Takes the lock, waiting at most {@code timeout}; emits whether it got it. */
    public Single<Boolean> acquire(Duration timeout) {
      return RxClient.fromVertx(() -> lock.acquire(timeout));
    }

    /** Gives the lock back. */
    public Completable release() {
      return RxClient.completes(lock::release);
    }

    /** Whether anyone holds it. */
    public Single<Boolean> locked() {
      return RxClient.fromVertx(lock::locked);
    }
  }

  /** A {@link Semaphore} whose calls return cold {@code Single}s and {@code Completable}s. */
  final class RxSemaphore {
    private final Semaphore semaphore;

    RxSemaphore(Semaphore semaphore) {
      this.semaphore = semaphore;
    }

    /** Takes a lease, waiting as long as it takes. */
    public Single<Boolean> acquire() {
      return RxClient.fromVertx(semaphore::acquire);
    }

    /** Takes a lease, waiting at most {@code timeout}; emits whether it got one. */
    public Single<Boolean> acquire(Duration timeout) {
      return RxClient.fromVertx(() -> semaphore.acquire(timeout));
    }

    /** Gives back the oldest lease this object holds. */
    public Completable release() {
      return RxClient.completes(semaphore::release);
    }

    /** The number of leases held now. */
    public Single<Integer> getValue() {
      return RxClient.fromVertx(semaphore::getValue);
    }
  }

  /**
   * A {@link Queue} whose calls return cold {@code Single}s and {@code Completable}s.
   *
   * @param <T> the items' type
   */
  final class RxQueue<T> {
    private final Queue<T> queue;

    RxQueue(Queue<T> queue) {
      this.queue = queue;
    }

    /** Adds {@code item}, waiting as long as the queue is full. */
    public Completable put(T item) {
      return RxClient.completes(() -> queue.put(item));
    }

    /** Takes the oldest item, waiting as long as it takes. */
    public Single<T> get() {
      return RxClient.fromVertx(queue::get);
    }

    /** Takes the oldest item, waiting at most {@code timeout}. */
    public Single<T> get(Duration timeout) {
      return RxClient.fromVertx(() -> queue.get(timeout));
    }

    /** Takes every item there is now. */
    public Single<List<T>> getBatch() {
      return RxClient.fromVertx(queue::getBatch);
    }

    /** The number of items now. */
    public Single<Integer> qsize() {
      return RxClient.fromVertx(queue::qsize);
    }
  }

  /**
   * A {@link Variable} whose calls return cold {@code Single}s and {@code Completable}s.
   *
   * @param <T> the value's type
   */
  final class RxVariable<T> {
    private final Variable<T> variable;

    RxVariable(Variable<T> variable) {
      this.variable = variable;
    }

    /** Sets the value. */
    public Completable set(T value) {
      return RxClient.completes(() -> variable.set(value));
    }

    /** The value, once one is set. */
    public Single<T> get() {
      return RxClient.fromVertx(variable::get);
    }

    /** Unsets it. */
    public Completable delete() {
      return RxClient.completes(variable::delete);
    }
  }

  /** An {@link Event} whose calls return cold {@code Single}s and {@code Completable}s. */
  final class RxEvent {
    private final Event event;

    RxEvent(Event event) {
      this.event = event;
    }

    /** Sets it. */
    public Completable set() {
      return RxClient.completes(event::set);
    }

    /** Clears it. */
    public Completable clear() {
      return RxClient.completes(event::clear);
    }

    /** Whether it is set. */
    public Single<Boolean> isSet() {
      return RxClient.fromVertx(event::isSet);
    }

    /** Emits true once it is set, or false after {@code timeout}. */
    public Single<Boolean> wait(Duration timeout) {
      return RxClient.fromVertx(() -> event.wait(timeout));
    }
  }

  /** A {@link MultiLock} whose calls return cold {@code Single}s and {@code Completable}s. */
  final class RxMultiLock {
    private final MultiLock multiLock;

    RxMultiLock(MultiLock multiLock) {
      this.multiLock = multiLock;
    }

    /** Takes every lock, waiting at most {@code timeout} (null: no limit); emits whether it got them. */
    public Single<Boolean> acquire(Duration timeout) {
      return RxClient.fromVertx(() -> multiLock.acquire(timeout));
    }

    /** Gives back its locks. */
    public Completable release() {
      return RxClient.completes(multiLock::release);
    }
  }
}
