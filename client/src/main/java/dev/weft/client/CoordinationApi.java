package dev.weft.client;

import dev.weft.client.coordination.Event;
import dev.weft.client.coordination.Lock;
import dev.weft.client.coordination.MultiLock;
import dev.weft.client.coordination.Queue;
import dev.weft.client.coordination.SchedulerChannel;
import dev.weft.client.coordination.Semaphore;
import dev.weft.client.coordination.TopicEvent;
import dev.weft.client.coordination.Variable;
import dev.weft.protocol.CoordinationReply;
import dev.weft.protocol.DatasetRequest;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TopicEvents;
import dev.weft.protocol.TopicRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shared state and control of a {@link Client}, as dask's: locks, semaphores, queues, variables,
 * events and multi-locks held by the scheduler (each an object with asynchronous methods), published
 * datasets (futures shared by name between clients, outliving the client that published them) and
 * event topics ({@code logEvent} / {@code subscribeTopic} / {@code getEvents}, with the scheduler's
 * own events too). Works the same from a task, through {@code WorkerContext.current().client()}.
 * Every call returns at once.
 */
public interface CoordinationApi {

  /** How this client's coordination objects reach the scheduler. */
  SchedulerChannel coordinationChannel();

  /** The lock {@code name} (dask's {@code Lock(name)}). */
  default Lock lock(String name) {
    return new Lock(coordinationChannel(), name);
  }

  /** The semaphore {@code name} granting {@code maxLeases} leases at once (dask's {@code Semaphore(max_leases, name)}). */
  default Semaphore semaphore(String name, int maxLeases) {
    return new Semaphore(coordinationChannel(), name, maxLeases);
  }

  /** The unbounded queue {@code name} (dask's {@code Queue(name)}). */
  default <T> Queue<T> queue(String name) {
    return queue(name, 0);
  }

  /** The queue {@code name} holding at most {@code maxsize} items (0: unbounded), if this call makes it. */
  default <T> Queue<T> queue(String name, int maxsize) {
    return new Queue<>(coordinationChannel(), name, maxsize);
  }

  /** The variable {@code name} (dask's {@code Variable(name)}). */
  default <T> Variable<T> variable(String name) {
    return new Variable<>(coordinationChannel(), name);
  }

  /** The event {@code name} (dask's {@code Event(name)}). */
  default Event event(String name) {
    return new Event(coordinationChannel(), name);
  }

  /** The multi-lock over the locks {@code names} (dask's {@code MultiLock(names)}). */
  default MultiLock multiLock(List<String> names) {
    return new MultiLock(coordinationChannel(), names);
  }

  /** The multi-lock over the locks {@code names}. */
  default MultiLock multiLock(String... names) {
    return multiLock(Arrays.asList(names));
  }

  // ---------------------------------------------------------------- published datasets

  /**
   * Publishes {@code future} as dataset {@code name}: its task is kept, and any client may read it,
   * until it is unpublished. Fails with {@link WeftException} when the name is taken.
   */
  default Future<Void> publishDataset(String name, TaskFuture<?> future) {
    return publishDataset(name, future, false);
  }

  /** Publishes {@code future} as dataset {@code name}, replacing one of that name when {@code override}. */
  default Future<Void> publishDataset(String name, TaskFuture<?> future, boolean override) {
    SchedulerChannel channel = coordinationChannel();
    String key = channel.share(future).key();
    return channel.ask(new DatasetRequest(channel.clientId(), DatasetRequest.Op.PUBLISH, name, key, override), 0).mapEmpty();
  }

  /** A future of this client on dataset {@code name}; fails with {@link WeftException} when there is none. */
  default <T> Future<TaskFuture<T>> getDataset(String name) {
    return this.<T>readDataset(name).compose(f -> f != null ? Future.succeededFuture(f)
        : Future.failedFuture(new WeftException("Dataset '" + name + "' not found")));
  }

  /** A future of this client on dataset {@code name}, or {@code defaultValue} when there is none. */
  default <T> Future<TaskFuture<T>> getDataset(String name, TaskFuture<T> defaultValue) {
    return this.<T>readDataset(name).map(f -> f != null ? f : defaultValue);
  }

  /** A future on dataset {@code name}; null when there is none. */
  private <T> Future<TaskFuture<T>> readDataset(String name) {
    SchedulerChannel channel = coordinationChannel();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return channel.ask(new DatasetRequest(channel.clientId(), DatasetRequest.Op.GET, name, "", false), 0)
        .map(reply -> {
          CoordinationReply r = (CoordinationReply) reply;
          return r.ok() ? channel.<TaskFuture<T>>unshare(r.values().get(0), loader) : null;
        });
  }

  /** The names of the published datasets, sorted. */
  default Future<List<String>> listDatasets() {
    SchedulerChannel channel = coordinationChannel();
    return channel.ask(new DatasetRequest(channel.clientId(), DatasetRequest.Op.LIST, "", "", false), 0)
        .map(reply -> ((CoordinationReply) reply).names());
  }

  /** Unpublishes dataset {@code name} (nothing when there is none): its task is no longer kept for it. */
  default Future<Void> unpublishDataset(String name) {
    SchedulerChannel channel = coordinationChannel();
    return channel.ask(new DatasetRequest(channel.clientId(), DatasetRequest.Op.UNPUBLISH, name, "", false), 0).mapEmpty();
  }

  // ---------------------------------------------------------------- event topics

  /** Logs {@code message} (small, serializable) under {@code topic}; completes once the scheduler has it. */
  default Future<Void> logEvent(String topic, Object message) {
    SchedulerChannel channel = coordinationChannel();
    Payload payload = channel.share(message).value();
    if (payload == null) {
      return Future.failedFuture(new IllegalArgumentException("logEvent takes a value, not a future"));
    }
    return channel.ask(new TopicRequest(channel.clientId(), TopicRequest.Op.LOG, topic, payload), 0).mapEmpty();
  }

  /** Sends each new event of {@code topic} to {@code handler}, on a callback thread (it replaces an earlier handler). */
  default Future<Void> subscribeTopic(String topic, Consumer<TopicEvent> handler) {
    return coordinationChannel().subscribe(topic, handler);
  }

  /** Stops sending the events of {@code topic}. */
  default Future<Void> unsubscribeTopic(String topic) {
    return coordinationChannel().unsubscribe(topic);
  }

  /** The events {@code topic} keeps (its latest 1,000), oldest first. */
  default Future<List<TopicEvent>> getEvents(String topic) {
    SchedulerChannel channel = coordinationChannel();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return channel.ask(new TopicRequest(channel.clientId(), TopicRequest.Op.EVENTS, topic, null), 0)
        .map(reply -> ((TopicEvents) reply).events().stream()
            .map(e -> new TopicEvent(e.topic(), Instant.ofEpochMilli(e.timeMillis()),
                e.message().value(dev.weft.protocol.Serializers.DEFAULT, loader)))
            .toList());
  }
}
