package dev.weft.scheduler.state;

import dev.weft.protocol.LoggedEvent;
import dev.weft.protocol.Reply;
import dev.weft.scheduler.state.coordination.CoordinationHost;
import dev.weft.scheduler.state.coordination.CoordinationState;
import java.util.Set;

/**
 * Ties the {@link CoordinationState} into the scheduler: its answers and events become effects of
 * the current stimulus, its holders are pseudo-clients of {@link Wants}, and a client counts as
 * silent once the lease timeout has passed since its last message or heartbeat.
 */
final class CoordinationPart implements CoordinationHost {

  private final SchedulerConfig config;
  private final Tables tables;
  private final Outbox out;
  private final Wants wants;
  /** The coordination objects. */
  final CoordinationState state = new CoordinationState(this);

  CoordinationPart(SchedulerConfig config, Tables tables, Outbox out, Wants wants) {
    this.config = config;
    this.tables = tables;
    this.out = out;
    this.wants = wants;
  }

  @Override
  public long now() {
    return out.now();
  }

  @Override
  public void answer(long requestId, Reply reply) {
    out.add(new Answer(requestId, reply));
  }

  @Override
  public void forget(long requestId) {
    out.add(new Answer(requestId, null));
  }

  @Override
  public void push(String clientId, LoggedEvent event) {
    out.add(new PushEvent(clientId, event));
  }

  @Override
  public boolean want(String holder, String key) {
    TaskState ts = tables.tasks.get(key);
    if (ts != null) {
      wants.hold(holder, ts);
    }
    return ts != null;
  }

  @Override
  public void unwant(String holder, String key) {
    TaskState ts = tables.tasks.get(key);
    if (ts != null) {
      wants.remove(holder, ts);
    }
    Set<TaskState> held = tables.clients.get(holder);
    if (held != null && held.isEmpty()) {
      tables.clients.remove(holder);
    }
  }

  @Override
  public boolean silent(String clientId) {
    ClientRecord c = tables.connected.get(clientId);
    return c == null || out.now() - c.lastSeen > config.leaseTimeoutMillis();
  }
}
