package dev.weft.client.coordination;

import dev.weft.protocol.Coordination;
import dev.weft.protocol.Reply;
import dev.weft.protocol.SharedValue;
import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * How the coordination objects of a client reach the scheduler: implemented by the
 * {@link dev.weft.client.Client} ({@code client.coordinationChannel()}), used by {@link Lock},
 * {@link Semaphore}, {@link Queue} and the others. Users get those objects from the client
 * ({@code client.lock(name)}, ...) and need not call this.
 */
public interface SchedulerChannel {

  /** The client's id, which its requests carry. */
  String clientId();

  /**
   * Sends {@code request}, which may wait on the scheduler up to {@code waitMillis}, and completes
   * with its reply; fails with {@link dev.weft.client.WeftException} when the scheduler answers
   * with an error or does not answer.
   */
  Future<Reply> ask(Coordination request, long waitMillis);

  /** Sends {@code message} without waiting for an answer. */
  void tell(Coordination message);

  /** {@code value} as a queue or variable holds it: a future's key, or the value itself. */
  SharedValue share(Object value);

  /**
   * What {@code value} stands for in this client: a new future on its key (which this client now
   * holds), or the value, decoded with {@code loader}.
   */
  <T> T unshare(SharedValue value, ClassLoader loader);

  /** Sends each new event of {@code topic} to {@code handler} (off the event loop), replacing any earlier handler. */
  Future<Void> subscribe(String topic, Consumer<TopicEvent> handler);

  /** Stops sending the events of {@code topic}. */
  Future<Void> unsubscribe(String topic);
}
