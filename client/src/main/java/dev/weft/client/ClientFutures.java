package dev.weft.client;

import dev.weft.client.state.ClientEffect;
import dev.weft.client.state.ClientState;
import dev.weft.client.state.SendToScheduler;
import dev.weft.client.state.UpdateFutures;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.jvm.ClassArchiveRecorder;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.TaskSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The shell of a client's {@link ClientState}: makes the futures that a submission, a scatter or
 * a graph returns at once, on the caller's thread, then hands each stimulus — the caller's, the
 * scheduler's news, the connection's — to the state on the client's context, in order, and
 * carries out its effects there: messages to the scheduler, outcomes to the futures. The state
 * is touched on that context only, so it needs no lock.
 */
final class ClientFutures implements SchedulerConnection.Listener {

  private static final Logger LOG = System.getLogger(Client.class.getName());

  private final Client client;
  private final SchedulerConnection connection;
  /** The client's keys and futures; touched on the connection's context only. */
  private final ClientState<FutureState> state;
  /** True while a flush of released keys is handed over to the context; touched there only. */
  private boolean flushScheduled;
  /** True while a standby scheduler takes over: new futures wait instead of being cancelled at once. */
  private volatile boolean awaiting;
  /** Runs {@code onDone} callbacks, never on an event loop. */
  private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "weft-callback");
    t.setDaemon(true);
    return t;
  });

  ClientFutures(Client client, SchedulerConnection connection) {
    this.client = client;
    this.connection = connection;
    this.state = new ClientState<>(client.id(), client.vertx().isClustered());
  }

  /**
   * Futures on {@code wantedKeys} of the graph {@code specs} (in that order), whose new tasks go to
   * the scheduler in one message. They read CANCELLED at once while no scheduler is connected, or
   * when {@code onCancelled} (a task given a future this client cancelled).
   */
  <R> List<TaskFuture<R>> register(List<TaskSpec> specs, List<String> wantedKeys, boolean onCancelled) {
    List<FutureState> cells = cells(wantedKeys, onCancelled);
    connection.run(() -> apply(state.submitted(specs, wantedKeys, cells)));
    return futures(cells);
  }

  /** Futures on scattered values: {@code keys.get(i)} names {@code values.get(i)}, shipped as {@code payloads.get(i)}. */
  <T> List<TaskFuture<T>> scatter(List<String> keys, List<T> values, List<Payload> payloads, boolean broadcast) {
    List<FutureState> cells = cells(keys, false);
    connection.run(() -> apply(state.scattered(keys, values, payloads, broadcast, cells)));
    return futures(cells);
  }

  /**
   * The future on {@code cell} was released or collected. The keys released in a row are told to
   * the scheduler in one message, sent once the steps handed over before the flush have run.
   */
  void release(FutureState cell) {
    connection.tryRun(() -> {
      state.released(cell.key, cell);
      if (state.releasesPending() && !flushScheduled) {
        flushScheduled = true;
        connection.tryRun(() -> {
          flushScheduled = false;
          apply(state.flushReleases());
        });
      }
    });
  }

  /**
   * dask's {@code cancel}: each of this client's {@code futures} reads CANCELLED at once, even if
   * done; then its key is cancelled for this client (with every future on it, and the scheduler
   * asked, to interrupt the runs it lets go if {@code force}). A future of another client is
   * cancelled by its own client.
   */
  void cancel(Collection<? extends TaskFuture<?>> futures, boolean force) {
    List<String> keys = new ArrayList<>(futures.size());
    for (TaskFuture<?> f : futures) {
      if (f.client() != client) {
        f.client().cancel(List.of(f), force);
      } else if (f.state().cancel(KeyCancelled.CANCELLED, true)) {
        keys.add(f.key());
      }
    }
    if (!keys.isEmpty()) {
      connection.run(() -> apply(state.cancelled(keys, true, force)));
    }
  }

  /**
   * dask's {@code retry}: this client's erred {@code futures} wait again while the scheduler
   * computes them anew (a future of another client is retried by its own client). Completes once
   * the request is on its way, after everything this client sent before.
   */
  Future<Void> retry(Collection<? extends TaskFuture<?>> futures) {
    List<String> keys = new ArrayList<>(futures.size());
    List<Future<Void>> others = new ArrayList<>();
    for (TaskFuture<?> f : futures) {
      if (f.client() != client) {
        others.add(f.client().retry(List.of(f)));
      } else {
        keys.add(f.key());
      }
    }
    Promise<Void> sent = Promise.promise();
    connection.run(() -> {
      apply(state.retried(keys));
      sent.complete();
    });
    others.add(sent.future());
    return Future.all(others).mapEmpty();
  }

  /**
   * {@code java.util.concurrent}'s cancel: a done future stays done; true when {@code cell} was
   * cancelled. With {@code mayInterruptIfRunning}, a run the scheduler lets go is interrupted.
   */
  boolean cancelUnlessDone(FutureState cell, boolean mayInterruptIfRunning) {
    if (!cell.cancel(KeyCancelled.CANCELLED, false)) {
      return false;
    }
    connection.run(() -> apply(state.cancelled(List.of(cell.key), false, mayInterruptIfRunning)));
    return true;
  }

  /** The scheduler is to keep {@code key} until it is done, after what this client sent before. */
  void fireAndForget(String key) {
    checkOpen();
    connection.run(() -> apply(state.firedAndForgotten(key)));
  }

  /** Runs {@code onDone} callbacks. */
  Executor callbacks() {
    return callbacks;
  }

  /** Stops the callback threads (once the client is closed). */
  void shutdown() {
    callbacks.shutdown();
  }

  // ---------------------------------------------------------------- on the connection's context

  @Override
  public void news(Message message) {
    if (message instanceof KeyInMemory k) {
      inMemory(k);
    } else if (message instanceof KeyErred k) {
      apply(state.erred(k.key(), k.error()));
    } else if (message instanceof KeyCancelled k) {
      apply(state.cancelledByCluster(k.key(), k.reason()));
    } else if (message instanceof KeyLost k) {
      apply(state.lost(k.key()));
    }
  }

  /** A key is in memory; an inline value that cannot be decoded is fetched from a worker on {@code result()}, failing there clearly. */
  private void inMemory(KeyInMemory k) {
    if (state.outcome(k.key()) == null) {
      return;
    }
    Object inline = null;
    boolean held = k.inline() != null;
    if (held) {
      try {
        inline = k.inline().value();
      } catch (RuntimeException undecodable) {
        held = false;
      }
    }
    apply(state.inMemory(k.key(), held, inline, k.workers()));
    ClassArchiveRecorder.warm(); // a first result came back: this JVM's classes are worth keeping
  }

  @Override
  public void connected() {
    List<ClientEffect<FutureState>> resend = state.connected();
    awaiting = false;
    if (!resend.isEmpty()) {
      LOG.log(Level.WARNING, "client " + client.id() + " connected to the scheduler that took over; sending it again"
          + " the graphs of its futures");
    }
    apply(resend);
  }

  @Override
  public void away(String why) {
    awaiting = true;
    state.schedulerAway();
    LOG.log(Level.WARNING, "client " + client.id() + " lost its scheduler (" + why + "); its futures wait for the standby"
        + " scheduler taking over (up to " + SchedulerConnection.FAILOVER_WAIT_MILLIS + " ms)");
  }

  @Override
  public void lost(String why) {
    awaiting = false;
    List<ClientEffect<FutureState>> effects = state.schedulerLost();
    LOG.log(Level.WARNING, "client " + client.id() + " lost its scheduler (" + why + "); cancelling "
        + effects.stream().mapToInt(e -> e instanceof UpdateFutures<FutureState> u ? u.handles().size() : 0).sum()
        + " futures");
    apply(effects);
  }

  @Override
  public void closing() {
    state.closed();
  }

  private void apply(List<ClientEffect<FutureState>> effects) {
    for (ClientEffect<FutureState> effect : effects) {
      if (effect instanceof SendToScheduler<FutureState> send) {
        connection.send(send.message());
      } else if (effect instanceof UpdateFutures<FutureState> update) {
        for (FutureState cell : update.handles()) {
          cell.update(update.outcome());
        }
      }
    }
  }

  /**
   * New futures' states on {@code keys}: cancelled already, when {@code onCancelled}, or while no
   * scheduler is connected and none is taking over (the state will find so too, in its turn).
   */
  private List<FutureState> cells(List<String> keys, boolean onCancelled) {
    checkOpen();
    boolean disconnected = connection.schedulerNode() == null && !awaiting;
    List<FutureState> cells = new ArrayList<>(keys.size());
    for (String key : keys) {
      FutureState cell = new FutureState(key);
      if (disconnected) {
        cell.cancel(KeyCancelled.SCHEDULER_CONNECTION_LOST, true);
      } else if (onCancelled) {
        cell.cancel(KeyCancelled.CANCELLED, true);
      }
      cells.add(cell);
    }
    return cells;
  }

  private void checkOpen() {
    if (connection.isClosed()) {
      throw new IllegalStateException("client " + client.id() + " is closed");
    }
  }

  private <T> List<TaskFuture<T>> futures(List<FutureState> cells) {
    List<TaskFuture<T>> futures = new ArrayList<>(cells.size());
    for (FutureState cell : cells) {
      futures.add(new TaskFuture<>(client, cell));
    }
    return futures;
  }
}
