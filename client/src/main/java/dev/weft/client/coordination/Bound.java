package dev.weft.client.coordination;

import dev.weft.client.WorkerContext;
import java.io.Serializable;
import java.util.Objects;

/**
 * A coordination object bound to a client's {@link SchedulerChannel}. It may travel into a task
 * (captured by a lambda, say): the copy a worker deserializes binds to that worker's client
 * ({@link WorkerContext#client()}) on first use, as dask's objects bind to {@code get_client()}.
 */
abstract class Bound implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The channel of the client this object uses; null in a copy until its first use in a task. */
  private transient volatile SchedulerChannel channel;

  Bound(SchedulerChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
  }

  /** The channel to use: this object's client's, or, in a copy sent to a task, the task's client's. */
  SchedulerChannel channel() {
    SchedulerChannel c = channel;
    if (c == null) {
      c = WorkerContext.current().client().coordinationChannel();
      channel = c;
    }
    return c;
  }

  /** {@code name} checked: a non-empty name of at most 10,000 chars. */
  static String checkName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > 10_000) {
      throw new IllegalArgumentException(what + " name must be 1 to 10000 chars, got " + (name == null ? "null" : name.length()));
    }
    return name;
  }
}
