package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.Inbound;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.RejectionLog;
import dev.weft.protocol.Retry;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.cluster.SchedulerCandidates;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.lang.System.Logger;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client's link to its scheduler. It owns the client's Vert.x context, on which everything the
 * client decides runs in the order it was decided ({@link #run}); the inbox, which takes news
 * only from the connected scheduler's node (anything else is refused and counted); sends and
 * queries, each made from that context so that they reach the scheduler in that order; which
 * scheduler is connected, greeting each one it (re)connects to; the heartbeats
 * ({@link SchedulerWatch}); and the goodbye.
 */
final class SchedulerConnection {

  /** What the connection tells the client's futures; called on the connection's context. */
  interface Listener {
    /** News from the scheduler (each message of a batch in turn). */
    void news(Message message);

    /** A scheduler answered and was greeted. */
    void connected();

    /** The scheduler is gone, as {@code why} says, and no standby scheduler took over. */
    void lost(String why);

    /** The scheduler is gone, as {@code why} says, and a standby scheduler is taking over. */
    void away(String why);

    /** The client closes: nothing is sent after the goodbye that follows. */
    void closing();
  }

  /**
   * How long one probe of a retry loop (waiting for the scheduler or for workers) waits for an
   * answer: a probe lost with a dying scheduler is soon retried.
   */
  static final long PROBE_MILLIS = 5_000;
  /** How often the client heartbeats its scheduler. */
  static final long HEARTBEAT_MILLIS = 1_000;
  /** How long a scheduler may leave the client's heartbeats unanswered before it counts as lost. */
  static final long SCHEDULER_SILENCE_MILLIS = 30_000;
  /** How long the client waits for a standby scheduler to take over before it gives its futures up. */
  static final long FAILOVER_WAIT_MILLIS = 60_000;
  private static final Logger LOG = System.getLogger(Client.class.getName());

  private final Vertx vertx;
  /** The client's id. */
  private final String clientId;
  /** This client's cluster node, stamped on its sends and told to the scheduler. */
  private final String nodeId;
  /** How this client sends: Weft's codec and its node header. */
  private final DeliveryOptions options;
  /** The client's own context: its inbox, timers, query replies and state all run here, in order. */
  private final Context context;
  /** News refused (malformed, or not from the scheduler): counted, logged at most once a second per kind. */
  private final RejectionLog rejections = new RejectionLog(LOG, "client");
  /** True once closed; set on any thread, once. */
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Told of news, connection and loss; set by {@link #start} before anything can arrive. */
  private Listener listener;
  /** The inbox; null until {@link #start} registered it on the context. */
  private MessageConsumer<Message> inbox;
  /** Heartbeats and watches the scheduler; null until connected the first time. Touched on the context. */
  private SchedulerWatch watch;
  /**
   * The node of the connected scheduler; null while there is none (before the first answer, and
   * from losing one until another answers). Written on the context only.
   */
  private volatile String schedulerNode;
  /** This client's weight in the fair share of queued root tasks, said in every hello; written on the context. */
  private double share = 1.0;
  /** Schedulers lost so far; tells a failover wait whether the loss it waits out is still the latest. Context only. */
  private long losses;

  SchedulerConnection(Vertx vertx, String clientId) {
    this.vertx = vertx;
    this.clientId = clientId;
    this.nodeId = Membership.nodeId(vertx);
    this.options = WireCodec.options(nodeId);
    this.context = ((VertxInternal) vertx).createEventLoopContext();
  }

  /**
   * Registers the inbox (on the context) and asks the scheduler for its info until it answers (its
   * address may still be propagating) or {@code deadlineNanos} passes; then heartbeats it for as
   * long as the client is open. Completes with the scheduler's answer.
   */
  Future<Message> start(Listener listener, long deadlineNanos) {
    this.listener = listener;
    Promise<Void> registered = Promise.promise();
    run(() -> {
      inbox = vertx.eventBus().consumer(Addresses.client(clientId), this::onMessage);
      inbox.completion().onComplete(registered);
    });
    return registered.future()
        .compose(v -> Retry.until(vertx, deadlineNanos, 50, () -> query(new Query(QueryKind.INFO, List.of()), PROBE_MILLIS),
            e -> new WeftException("no scheduler answered at " + Addresses.SCHEDULER, e)))
        .onSuccess(info -> tryRun(() -> {
          if (!closed.get()) {
            watch = new SchedulerWatch(vertx, this, HEARTBEAT_MILLIS, SCHEDULER_SILENCE_MILLIS);
          }
        }));
  }

  /**
   * Runs {@code step} on the client's context after every step handed over before it (from any
   * thread: the steps of one thread keep their order, and so do steps ordered across threads).
   * Throws {@link WeftException} when the client's Vert.x instance is closed.
   */
  void run(Runnable step) {
    if (!tryRun(step)) {
      throw vertxClosed();
    }
  }

  /** As {@link #run}, but false instead of an exception when the client's Vert.x instance is closed. */
  boolean tryRun(Runnable step) {
    try {
      context.runOnContext(v -> step.run());
      return true;
    } catch (RejectedExecutionException closedVertx) {
      return false;
    }
  }

  private WeftException vertxClosed() {
    return new WeftException("client " + clientId + ": its Vert.x instance is closed");
  }

  /** Sends {@code message} to the scheduler; called on the context, so after what was decided before it. */
  void send(ToScheduler message) {
    vertx.eventBus().send(Addresses.SCHEDULER, message, options);
  }

  /** Asks the scheduler (from the context, after earlier sends); an INFO answer while disconnected reconnects. */
  Future<Message> query(ToScheduler question) {
    return query(question, DeliveryOptions.DEFAULT_TIMEOUT);
  }

  /** As {@link #query(ToScheduler)}, waiting at most {@code timeoutMillis} for the answer. */
  Future<Message> query(ToScheduler question, long timeoutMillis) {
    DeliveryOptions o = new DeliveryOptions(options).setSendTimeout(timeoutMillis);
    ContextInternal caller = ContextInternal.current(); // the answer is handled where the question was asked
    Promise<Message> answer = caller == null ? Promise.promise() : caller.promise();
    boolean asked = tryRun(() -> vertx.eventBus().<Message>request(Addresses.SCHEDULER, question, o).map(reply -> {
      if (reply.body() instanceof SchedulerSnapshot s) {
        connectTo(s.nodeId()); // the reply comes on the context: connected before the answer is seen
      }
      return reply.body();
    }).onComplete(answer));
    return asked ? answer.future() : Future.failedFuture(vertxClosed());
  }

  /**
   * A scheduler on {@code node} answered: if the client has none, it says hello and is connected
   * again (new submissions work; futures of a lost scheduler stay cancelled).
   */
  void reconnect(String node) {
    tryRun(() -> connectTo(node));
  }

  /** {@link #reconnect}, on the context. */
  private void connectTo(String node) {
    if (closed.get() || schedulerNode != null) {
      return;
    }
    schedulerNode = node;
    send(new ClientHello(clientId, nodeId, share));
    listener.connected();
  }

  /** Sets this client's share, telling the connected scheduler with a hello (again). */
  Future<Void> share(double weight) {
    Promise<Void> told = Promise.promise();
    if (!tryRun(() -> {
      share = weight;
      if (schedulerNode != null) {
        send(new ClientHello(clientId, nodeId, share));
      }
      told.complete();
    })) {
      return Future.failedFuture(vertxClosed());
    }
    return told.future();
  }

  /**
   * The scheduler is gone (or forgot this client), as {@code why} says; until one answers again,
   * none is connected. While a standby scheduler is live, the client waits up to
   * {@value #FAILOVER_WAIT_MILLIS} ms for one to answer before the loss counts.
   */
  void schedulerLost(String why) {
    tryRun(() -> {
      if (closed.get() || schedulerNode == null) {
        return;
      }
      boolean standby = SchedulerCandidates.standbyBeyond(vertx, schedulerNode);
      schedulerNode = null;
      long loss = ++losses;
      if (!standby) {
        listener.lost(why);
        return;
      }
      listener.away(why);
      vertx.setTimer(FAILOVER_WAIT_MILLIS, id -> tryRun(() -> {
        if (loss == losses && schedulerNode == null && !closed.get()) {
          listener.lost(why + "; no standby scheduler took over within " + FAILOVER_WAIT_MILLIS + " ms");
        }
      }));
    });
  }

  /**
   * Closes: at once no more submissions are taken; on the context, after everything decided
   * before, says goodbye and stops heartbeats and the inbox. Completes when that is done (at once
   * when the client's Vert.x instance is closed already).
   */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    boolean closing = tryRun(() -> {
      listener.closing();
      if (schedulerNode != null) {
        send(new ClientGoodbye(clientId));
      }
      if (watch != null) {
        watch.close();
      }
      if (inbox != null) {
        inbox.unregister();
      }
      done.complete();
    });
    return closing ? done.future() : Future.succeededFuture();
  }

  /**
   * News from the scheduler, decoded inside the guard; news from any other node (or malformed) is
   * refused, counted and logged at most once a second.
   */
  private void onMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    Message body = Inbound.body(envelope, vertx.isClustered(), rejections);
    if (body == null) {
      return;
    }
    String scheduler = schedulerNode;
    if (scheduler == null || !scheduler.equals(WireCodec.sender(envelope))) {
      rejections.refuse(envelope, "not-from-scheduler", body.getClass().getSimpleName() + " from node "
          + WireCodec.sender(envelope) + ", not from the scheduler's node " + scheduler);
      return;
    }
    for (Message m : body instanceof Batch batch ? batch.messages() : List.of(body)) {
      listener.news(m);
    }
  }

  /** The node of the connected scheduler; null while there is none. */
  String schedulerNode() {
    return schedulerNode;
  }

  boolean isClosed() {
    return closed.get();
  }

  String clientId() {
    return clientId;
  }

  /** Weft's codec and this client's node header, for requests of its own (to workers, say). */
  DeliveryOptions options() {
    return options;
  }
}
