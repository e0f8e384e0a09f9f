package dev.weft.client.coordination;

import dev.weft.client.WeftTimeoutException;
import dev.weft.protocol.SharedValue;
import dev.weft.protocol.VariableRequest;
import dev.weft.protocol.VariableRequest.Op;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * A variable on the scheduler (dask's {@code Variable}): one value shared by every client and task,
 * a small value or a {@link dev.weft.client.TaskFuture} (whose task it keeps while it is the value;
 * a reader gets a future of its own). Reading waits until a value is set. Obtain one with
 * {@code client.variable(name)}; every method returns at once.
 *
 * @param <T> the value's type
 */
public final class Variable<T> extends Named {

  private static final long serialVersionUID = 1L;


  /** The variable {@code name}, reached through {@code channel}. */
  public Variable(SchedulerChannel channel, String name) {
    super(channel, name, "variable");
  }

  /** Sets the value to {@code value}, waking every reader waiting. */
  public Future<Void> set(T value) {
    SchedulerChannel channel = channel();
    SharedValue shared = channel.share(value);
    return Waits.once(channel, new VariableRequest(channel.clientId(), Op.SET, name(), shared, 0), 0).mapEmpty();
  }

  /** The value, waiting as long as none is set. */
  public Future<T> get() {
    return get(null);
  }

  /** The value, waiting at most {@code timeout} until one is set; fails with {@link WeftTimeoutException} after it. */
  public Future<T> get(Duration timeout) {
    SchedulerChannel channel = channel();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return Waits.until(channel, timeout, wait -> new VariableRequest(channel.clientId(), Op.GET, name(), null, wait))
        .compose(reply -> reply.ok() ? Future.succeededFuture(channel.<T>unshare(reply.values().get(0), loader))
            : Future.failedFuture(new WeftTimeoutException("Variable " + name() + ": nothing set within " + timeout.toMillis() + " ms")));
  }

  /** Unsets it (its future's task is no longer kept by it). */
  public Future<Void> delete() {
    SchedulerChannel channel = channel();
    return Waits.once(channel, new VariableRequest(channel.clientId(), Op.DELETE, name(), null, 0), 0).mapEmpty();
  }

  @Override
  public String toString() {
    return "Variable(\"" + name() + "\")";
  }
}
