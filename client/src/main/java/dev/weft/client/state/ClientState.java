package dev.weft.client.state;

import dev.weft.client.FutureStatus;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.Payload;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's futures as a pure state machine (dask's client-side futures): the keys it wants, the
 * futures (handles) on each — the key is released once its last future goes —, de-duplication
 * of pure keys (a key submitted again joins the futures on it and is not sent again), each key's
 * outcome as the scheduler reports it, and cancellation (a key this client cancelled stays
 * cancelled while it has futures, and tasks submitted on it are cancelled at once). Stimuli in,
 * {@link ClientEffect}s out; no I/O, clock or threads: the client drives it on one context, in
 * the order things happened there, so its sends reach the scheduler in the order decided.
 * Handles are compared with {@code equals}.
 *
 * <p>It keeps the specs of the tasks it sent while a key it tracks may need them: when the
 * scheduler is lost and a standby takes over ({@link #schedulerAway()}), the keys stay tracked,
 * submissions wait, and once the new scheduler is connected the graphs of every key not erred or
 * cancelled, with its wants, are sent again in one message. A client whose scheduler can have no
 * standby (an event bus that is not clustered) keeps no specs.
 *
 * @param <H> the type of the handles of the futures (the client's: one per {@code TaskFuture})
 */
public final class ClientState<H> {

  /** The client's id, named in its messages. */
  private final String clientId;
  /** The keys this client holds futures on, by key; every entry has at least one handle. */
  private final Map<String, KeyEntry<H>> keys = new LinkedHashMap<>();
  /** True while a scheduler is connected; no key is tracked while none is, unless {@link #awaiting}. */
  private boolean connected;
  /** True from losing the scheduler while a standby takes over until connected again: keys stay tracked. */
  private boolean awaiting;
  /**
   * The specs of tasks submitted, by key, in submission order (dependencies before dependents):
   * every spec a tracked key needs, directly or through others, and possibly some no longer needed.
   */
  private final Map<String, TaskSpec> specs = new LinkedHashMap<>();
  /** The size of {@link #specs} after it was last pruned; pruned again once it has doubled. */
  private int prunedSize;
  /** True when a standby scheduler may take over, so {@link #specs} are kept; fixed at creation. */
  private final boolean failover;
  /** True once the client closed: nothing is sent any more. */
  private boolean closed;
  /**
   * Keys released since the last message to the scheduler, in release order: they leave as one
   * {@link ReleaseKeys} before the next message or at {@link #flushReleases()}; empty then.
   */
  private final List<String> releasing = new ArrayList<>();

  /** The state of the client {@code clientId}, not connected yet, whose scheduler may have a standby. */
  public ClientState(String clientId) {
    this(clientId, true);
  }

  /**
   * The state of the client {@code clientId}, not connected yet; without {@code failover} (no
   * standby scheduler can exist, as on an event bus that is not clustered) no specs are kept for
   * sending again, and a lost scheduler cancels the pending futures at once.
   */
  public ClientState(String clientId, boolean failover) {
    this.clientId = clientId;
    this.failover = failover;
  }

  // ---------------------------------------------------------------- the client's own stimuli

  /**
   * Futures {@code handles} on the keys {@code wanted} (in that order) of a graph of tasks
   * {@code specs}: sends the tasks whose keys are new, unless they depend (directly or through
   * each other) on a key this client cancelled, which makes them cancelled at once. Without a
   * scheduler (or once closed) every future is cancelled at once, unless a standby takes over: then
   * they are sent once it is connected.
   */
  public List<ClientEffect<H>> submitted(List<TaskSpec> specs, List<String> wanted, List<H> handles) {
    requireSameSize(wanted, handles);
    List<ClientEffect<H>> out = new ArrayList<>();
    if (closed || (!connected && !awaiting)) {
      update(out, handles, Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST));
      return out;
    }
    Set<String> doomed = doomed(specs);
    List<TaskSpec> toSend = new ArrayList<>(specs.size());
    for (TaskSpec spec : specs) {
      if (!keys.containsKey(spec.key()) && !doomed.contains(spec.key())) {
        toSend.add(spec);
        if (failover) {
          this.specs.putIfAbsent(spec.key(), spec);
        }
      }
    }
    List<String> newWants = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      String key = wanted.get(i);
      KeyEntry<H> entry = keys.get(key);
      if (entry == null && doomed.contains(key)) {
        update(out, List.of(handles.get(i)), Outcome.cancelled(KeyCancelled.CANCELLED));
        continue;
      }
      if (entry == null) {
        entry = new KeyEntry<>(Outcome.PENDING);
        keys.put(key, entry);
        newWants.add(key);
      }
      join(out, entry, handles.get(i));
    }
    if (!newWants.isEmpty() && connected) {
      send(out, new UpdateGraph(clientId, toSend, newWants));
    }
    return out;
  }

  /**
   * Futures {@code handles} on scattered values: {@code keys.get(i)} names {@code values.get(i)},
   * shipped as {@code payloads.get(i)}. Values of keys already held are not sent again, unless
   * {@code broadcast} (to every worker). Without a scheduler every future is cancelled at once.
   */
  public List<ClientEffect<H>> scattered(List<String> keys, List<?> values, List<Payload> payloads,
      boolean broadcast, List<H> handles) {
    requireSameSize(keys, values);
    requireSameSize(keys, payloads);
    requireSameSize(keys, handles);
    List<ClientEffect<H>> out = new ArrayList<>();
    if (!connected || closed) {
      update(out, handles, Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST));
      return out;
    }
    Map<String, Payload> data = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      KeyEntry<H> entry = this.keys.get(keys.get(i));
      if (entry == null) {
        entry = new KeyEntry<>(Outcome.holding(values.get(i)));
        this.keys.put(keys.get(i), entry);
        data.put(keys.get(i), payloads.get(i));
      } else if (broadcast) {
        data.put(keys.get(i), payloads.get(i));
      }
      join(out, entry, handles.get(i));
    }
    if (!data.isEmpty()) {
      send(out, new ScatterData(clientId, data, broadcast));
    }
    return out;
  }

  /**
   * The future {@code handle} on {@code key} was released or collected: the key goes with its last
   * future. The scheduler is told in one {@link ReleaseKeys} with the keys released after it, which
   * leaves before this client's next message or at {@link #flushReleases()}: the client calls that
   * at the end of its turn, so releasing many futures at once costs the scheduler one message.
   */
  public void released(String key, H handle) {
    KeyEntry<H> entry = keys.get(key);
    if (entry == null || !entry.remove(handle) || !entry.isEmpty()) {
      return;
    }
    keys.remove(key);
    if (specs.size() > 2 * prunedSize + 1024) {
      prune();
    }
    if (!closed) {
      releasing.add(key);
    }
  }

  /** True when released keys wait for {@link #flushReleases()}. */
  public boolean releasesPending() {
    return !releasing.isEmpty();
  }

  /** The released keys not yet told to the scheduler, in one {@link ReleaseKeys}; nothing when none. */
  public List<ClientEffect<H>> flushReleases() {
    List<ClientEffect<H>> out = new ArrayList<>(1);
    flushReleases(out);
    return out;
  }

  /**
   * This client cancels {@code cancelled} (dask's {@code cancel}): each tracked key becomes
   * CANCELLED with all its futures — even when done if {@code evenIfDone}, else only while
   * pending or lost — and the scheduler is asked, in one message, to cancel them for this client,
   * interrupting the runs it lets go if {@code force}.
   */
  public List<ClientEffect<H>> cancelled(List<String> cancelled, boolean evenIfDone, boolean force) {
    List<ClientEffect<H>> out = new ArrayList<>();
    List<String> ask = new ArrayList<>();
    for (String key : new LinkedHashSet<>(cancelled)) {
      KeyEntry<H> entry = keys.get(key);
      if (entry == null || entry.outcome.status() == FutureStatus.CANCELLED || (!evenIfDone && entry.outcome.done())) {
        continue;
      }
      entry.outcome = Outcome.cancelled(KeyCancelled.CANCELLED);
      update(out, entry.handleList(), entry.outcome);
      ask.add(key);
    }
    if (!closed && !ask.isEmpty()) {
      send(out, new CancelKeys(clientId, ask, force));
    }
    return out;
  }

  /**
   * This client retries {@code retried} (dask's {@code retry}): each tracked key that erred is
   * pending again with all its futures, and the scheduler is asked, in one message, to compute
   * them again with the erred tasks they stem from. Keys not erred are left alone.
   */
  public List<ClientEffect<H>> retried(List<String> retried) {
    List<ClientEffect<H>> out = new ArrayList<>();
    List<String> ask = new ArrayList<>();
    for (String key : new LinkedHashSet<>(retried)) {
      KeyEntry<H> entry = keys.get(key);
      if (entry == null || entry.outcome.status() != FutureStatus.ERROR) {
        continue;
      }
      entry.outcome = Outcome.PENDING;
      update(out, entry.handleList(), entry.outcome);
      ask.add(key);
    }
    if (connected && !closed && !ask.isEmpty()) {
      send(out, new RetryKeys(clientId, ask));
    }
    return out;
  }

  /** The scheduler is to keep {@code key} until it is done, wanted or not (dask's {@code fire_and_forget}). */
  public List<ClientEffect<H>> firedAndForgotten(String key) {
    List<ClientEffect<H>> out = new ArrayList<>();
    if (connected && !closed) {
      send(out, new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of(key)));
    }
    return out;
  }

  // ---------------------------------------------------------------- the scheduler's news

  /** {@code key} is in memory on {@code holders}; {@code value} is its value when {@code held} (sent inline). */
  public List<ClientEffect<H>> inMemory(String key, boolean held, Object value, List<String> holders) {
    KeyEntry<H> entry = keys.get(key);
    if (entry == null || entry.outcome.status() == FutureStatus.CANCELLED) {
      return List.of();
    }
    return reported(entry, entry.outcome.finished(held, value, holders));
  }

  /** {@code key}'s task (or one it depends on) failed with {@code error}. */
  public List<ClientEffect<H>> erred(String key, RemoteError error) {
    KeyEntry<H> entry = keys.get(key);
    if (entry == null || entry.outcome.status() == FutureStatus.CANCELLED) {
      return List.of();
    }
    return reported(entry, Outcome.erred(error));
  }

  /**
   * The cluster cancelled {@code key} (its data is lost beyond recovery, say); an error stays.
   * After a restart ({@link KeyCancelled#SCHEDULER_RESTART}) every future on it is cancelled, done
   * or not, as in dask, and the key is no longer tracked: the scheduler forgot it, and submitting
   * it again sends it again.
   */
  public List<ClientEffect<H>> cancelledByCluster(String key, String reason) {
    KeyEntry<H> entry = keys.get(key);
    if (entry == null || entry.outcome.status() == FutureStatus.CANCELLED) {
      return List.of();
    }
    boolean restart = KeyCancelled.SCHEDULER_RESTART.equals(reason);
    if (restart) {
      keys.remove(key);
    } else if (entry.outcome.status() == FutureStatus.ERROR) {
      return List.of();
    }
    return reported(entry, Outcome.cancelled(reason));
  }

  /** {@code key}'s value was lost with its workers and is being recomputed. */
  public List<ClientEffect<H>> lost(String key) {
    KeyEntry<H> entry = keys.get(key);
    if (entry == null || entry.outcome.status() != FutureStatus.FINISHED) {
      return List.of();
    }
    return reported(entry, entry.outcome.lost());
  }

  // ---------------------------------------------------------------- the connection

  /**
   * A scheduler answered and this client said hello: submissions are sent again. After a failover,
   * the graphs of every tracked key not erred or cancelled go to it with their wants, in one message.
   */
  public List<ClientEffect<H>> connected() {
    connected = !closed;
    boolean tookOver = awaiting && connected;
    awaiting = false;
    return tookOver ? resend() : List.of();
  }

  /**
   * The scheduler is gone and a standby takes over: every key stays tracked, pending futures stay
   * pending, and new submissions wait until {@link #connected()}. Ignored by a state made without
   * failover: it has nothing to send a standby, and waits for {@link #schedulerLost()}.
   */
  public void schedulerAway() {
    if (failover && connected && !closed) {
      connected = false;
      awaiting = true;
    }
  }

  /**
   * The scheduler is gone (or forgot this client) with no standby to take over, or none took over
   * in time: every future whose value is not held here is cancelled, errors staying, and no key is
   * tracked any more.
   */
  public List<ClientEffect<H>> schedulerLost() {
    List<ClientEffect<H>> out = new ArrayList<>();
    if ((!connected && !awaiting) || closed) {
      return out;
    }
    connected = false;
    awaiting = false;
    specs.clear();
    prunedSize = 0;
    releasing.clear();
    Outcome lost = Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST);
    for (KeyEntry<H> entry : keys.values()) {
      FutureStatus s = entry.outcome.status();
      boolean held = s == FutureStatus.FINISHED && entry.outcome.hasValue();
      if (!held && s != FutureStatus.ERROR && s != FutureStatus.CANCELLED) {
        update(out, entry.handleList(), lost);
      }
    }
    keys.clear();
    return out;
  }

  /** The client closed: nothing is sent any more, and nothing new is tracked. */
  public void closed() {
    closed = true;
  }

  // ---------------------------------------------------------------- reading

  /** The outcome of {@code key}, or null when no future of this client is on it. */
  public Outcome outcome(String key) {
    KeyEntry<H> entry = keys.get(key);
    return entry == null ? null : entry.outcome;
  }

  /** How many futures of this client are on {@code key}. */
  public int references(String key) {
    KeyEntry<H> entry = keys.get(key);
    return entry == null ? 0 : entry.size();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * One UpdateGraph wanting every tracked key not erred or cancelled (values held here too: later
   * tasks may depend on them), with the specs tracked keys need, in submission order.
   */
  private List<ClientEffect<H>> resend() {
    List<String> wanted = new ArrayList<>();
    keys.forEach((key, entry) -> {
      FutureStatus s = entry.outcome.status();
      if (s != FutureStatus.ERROR && s != FutureStatus.CANCELLED) {
        wanted.add(key);
      }
    });
    prune();
    List<ClientEffect<H>> out = new ArrayList<>();
    if (!wanted.isEmpty()) {
      send(out, new UpdateGraph(clientId, List.copyOf(specs.values()), wanted));
    }
    return out;
  }

  /** Drops the specs no tracked key needs, directly or through others. */
  private void prune() {
    Set<String> needed = new HashSet<>();
    List<String> stack = new ArrayList<>(keys.keySet());
    while (!stack.isEmpty()) {
      String key = stack.remove(stack.size() - 1);
      TaskSpec spec = specs.get(key);
      if (needed.add(key) && spec != null) {
        stack.addAll(spec.dependencies());
      }
    }
    specs.keySet().retainAll(needed);
    prunedSize = specs.size();
  }

  /**
   * The keys of {@code specs}, new to this client, that depend, directly or through each other,
   * on a key this client holds as cancelled: as in dask, they are cancelled at once instead of
   * running on a value the client gave up.
   */
  private Set<String> doomed(List<TaskSpec> specs) {
    Set<String> doomed = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (TaskSpec spec : specs) {
        if (doomed.contains(spec.key()) || keys.containsKey(spec.key())) {
          continue;
        }
        for (String dep : spec.dependencies()) {
          KeyEntry<H> entry = keys.get(dep);
          if (doomed.contains(dep) || (entry != null && entry.outcome.status() == FutureStatus.CANCELLED)) {
            doomed.add(spec.key());
            grew = true;
            break;
          }
        }
      }
    }
    return doomed;
  }

  /** {@code handle} joins {@code entry}, getting its outcome at once unless it is still pending. */
  private void join(List<ClientEffect<H>> out, KeyEntry<H> entry, H handle) {
    entry.add(handle);
    if (entry.outcome.status() != FutureStatus.PENDING) {
      update(out, List.of(handle), entry.outcome);
    }
  }

  /** {@code entry} takes the reported {@code outcome}, and so do its futures. */
  private List<ClientEffect<H>> reported(KeyEntry<H> entry, Outcome outcome) {
    entry.outcome = outcome;
    return List.of(new UpdateFutures<>(entry.handleList(), outcome));
  }

  private static <H> void update(List<ClientEffect<H>> out, List<H> handles, Outcome outcome) {
    if (!handles.isEmpty()) {
      out.add(new UpdateFutures<>(List.copyOf(handles), outcome));
    }
  }

  /** Sends {@code message} after the released keys not yet told, so the scheduler sees both in the order they happened. */
  private void send(List<ClientEffect<H>> out, ToScheduler message) {
    flushReleases(out);
    out.add(new SendToScheduler<>(message));
  }

  private void flushReleases(List<ClientEffect<H>> out) {
    if (releasing.isEmpty()) {
      return;
    }
    if (!closed) {
      out.add(new SendToScheduler<>(new ReleaseKeys(clientId, List.copyOf(releasing))));
    }
    releasing.clear();
  }

  private static void requireSameSize(List<?> a, List<?> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("sizes differ: " + a.size() + " and " + b.size());
    }
  }
}
