package dev.weft.scheduler.state;

import static dev.weft.scheduler.state.TaskStatus.ERRED;
import static dev.weft.scheduler.state.TaskStatus.FORGOTTEN;
import static dev.weft.scheduler.state.TaskStatus.MEMORY;
import static dev.weft.scheduler.state.TaskStatus.RELEASED;
import static dev.weft.scheduler.state.TaskStatus.WAITING;

import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.UpdateGraph;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which clients want which keys (dask's {@code who_wants}): adding a want computes or reports the
 * key, losing the last want releases it, cancelling removes a client's wants downstream, and a
 * client that leaves loses them all. Keeps {@link Tables#clients} and {@link TaskState#wantedBy}
 * mirrored.
 */
final class Wants {

  private final Tables tables;
  private final Outbox out;

  Wants(Tables tables, Outbox out) {
    this.tables = tables;
    this.out = out;
  }

  /** {@code clientId} now wants {@code ts}: told at once when it is done, else it is computed. */
  void add(String clientId, TaskState ts) {
    if (ts.isWantedBy(clientId)) {
      return;
    }
    if (clientId.equals(UpdateGraph.FIRE_AND_FORGET) && (ts.status == MEMORY || ts.status == ERRED)) {
      return; // done already: fire-and-forget has nothing left to keep it for
    }
    hold(clientId, ts);
    if (ts.status == MEMORY) {
      out.toClient(clientId, new KeyInMemory(ts.key, ts.type, ts.holderIds(), null));
    } else if (ts.status == ERRED) {
      out.toClient(clientId, new KeyErred(ts.key, ts.exception));
    }
  }

  /**
   * The pseudo-client {@code holder} (a queue, variable or the published datasets, see the
   * coordination part) keeps {@code ts}: a want without news.
   */
  void hold(String holder, TaskState ts) {
    if (!ts.isWantedBy(holder)) {
      ts.wantedBy = with(ts.wantedBy, holder);
      tables.clients.computeIfAbsent(holder, c -> new LinkedHashSet<>()).add(ts);
      if (ts.status == RELEASED && ts.recomputable()) {
        out.recommend(ts, WAITING);
      }
    }
  }

  /** {@code clientId} no longer wants {@code ts}: released (or forgotten) when nothing else needs it. */
  void remove(String clientId, TaskState ts) {
    if (!ts.isWantedBy(clientId)) {
      return;
    }
    ts.wantedBy = without(ts.wantedBy, clientId);
    Set<TaskState> wanted = tables.clients.get(clientId);
    if (wanted != null) {
      wanted.remove(ts);
    }
    if (ts.isWanted() || ts.hasWaiters()) {
      return;
    }
    if (ts.status == RELEASED) {
      if (!ts.hasDependents()) {
        out.recommend(ts, FORGOTTEN);
      }
    } else {
      out.recommend(ts, RELEASED);
    }
  }

  /** Cancels {@code root} and everything downstream of it for one client (iteratively, dependents first). */
  void cancel(String clientId, TaskState root, Set<TaskState> seen) {
    List<TaskState> order = new ArrayList<>();
    List<TaskState> stack = new ArrayList<>(List.of(root));
    while (!stack.isEmpty()) {
      TaskState ts = stack.remove(stack.size() - 1);
      if (seen.add(ts)) {
        order.add(ts);
        if (ts.dependents != null) {
          stack.addAll(ts.dependents);
        }
      }
    }
    for (int i = order.size() - 1; i >= 0; i--) {
      TaskState ts = order.get(i);
      if (ts.isWantedBy(clientId)) {
        out.toClient(clientId, new KeyCancelled(ts.key, KeyCancelled.CANCELLED));
        remove(clientId, ts);
      }
    }
  }

  /** Every client wanting {@code ts} is told it is cancelled for {@code reason} and stops wanting it. */
  void cancelEverywhere(TaskState ts, String reason) {
    if (ts.wantedBy == null) {
      return;
    }
    for (String c : ts.wantedBy) {
      out.toClient(c, new KeyCancelled(ts.key, reason));
      Set<TaskState> wanted = tables.clients.get(c);
      if (wanted != null) {
        wanted.remove(ts);
      }
    }
    ts.wantedBy = null;
  }

  /** A client left (goodbye, TTL, or its node left): every key it wanted loses that want. */
  void removeClient(String clientId) {
    tables.connected.remove(clientId);
    Set<TaskState> wanted = tables.clients.get(clientId);
    if (wanted != null) {
      for (TaskState ts : new ArrayList<>(wanted)) {
        remove(clientId, ts);
      }
      tables.clients.remove(clientId);
    }
    tables.soleWanters.remove(clientId);
  }

  /** {@code wanters} and {@code clientId} after them; a client's one-element list is shared. */
  private List<String> with(List<String> wanters, String clientId) {
    if (wanters == null) {
      return tables.soleWanters.computeIfAbsent(clientId, List::of);
    }
    List<String> more = new ArrayList<>(wanters.size() + 1);
    more.addAll(wanters);
    more.add(clientId);
    return List.copyOf(more);
  }

  /** {@code wanters} without {@code clientId} (who is among them); null when none is left. */
  private List<String> without(List<String> wanters, String clientId) {
    if (wanters.size() == 1) {
      return null;
    }
    List<String> rest = new ArrayList<>(wanters);
    rest.remove(clientId);
    return rest.size() == 1 ? tables.soleWanters.computeIfAbsent(rest.get(0), List::of) : List.copyOf(rest);
  }
}
