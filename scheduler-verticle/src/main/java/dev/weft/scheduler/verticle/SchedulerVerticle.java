package dev.weft.scheduler.verticle;

import dev.weft.protocol.Ack;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.Batch;
import dev.weft.protocol.BatchedSender;
import dev.weft.protocol.InboxAddresses;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.Locations;
import dev.weft.protocol.LogComponent;
import dev.weft.protocol.ClientHeartbeat;
import dev.weft.protocol.Coordination;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.HeartbeatReply;
import dev.weft.protocol.Message;
import dev.weft.protocol.Inbound;
import dev.weft.protocol.OncePerSecond;
import dev.weft.protocol.RejectionLog;
import dev.weft.protocol.RetireWorkers;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.cluster.SchedulerCandidates;
import dev.weft.scheduler.state.RejectedMessageException;
import dev.weft.protocol.Query;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.RestartCluster;
import dev.weft.protocol.Reply;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.scheduler.state.Answer;
import dev.weft.scheduler.state.Effect;
import dev.weft.scheduler.state.PushEvent;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.SendToClient;
import dev.weft.protocol.jvm.ClassArchiveRecorder;
import dev.weft.scheduler.state.SendToWorker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The scheduler's I/O shell: event-bus messages and clock ticks become stimuli of
 * {@link SchedulerState}, its effects become (batched) sends. Runs on one event-loop context and
 * never blocks; all scheduling decisions live in the state machine.
 */
public final class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = System.getLogger(SchedulerVerticle.class.getName());

  /** The configuration; from the constructor or, when absent, the deployment's JSON config. */
  private SchedulerConfig config;
  /** Operations refused to everyone ({@code blockedHandlers}); from the constructor or the JSON config. */
  private BlockedHandlers blocked;
  /** The dashboard, started once this scheduler is active; from the constructor or the JSON config. */
  private SchedulerDashboard dashboard;
  /** All scheduling state; touched only on this verticle's context. */
  private SchedulerState state;
  /** This scheduler's cluster node; stamped on its sends and told to workers and clients. */
  private String nodeId;
  private BatchedSender out;
  /** The inboxes this scheduler sends to; touched on its context only. */
  private final InboxAddresses inboxes = new InboxAddresses();
  /** The bus inbox, {@link Addresses#SCHEDULER}; null until this scheduler is the active one. */
  private MessageConsumer<Message> inbox;
  /** Whether this scheduler is the active one or a standby. */
  private SchedulerElection election;
  /** The in-JVM inbox, {@link Addresses#SCHEDULER_LOCAL}. */
  private MessageConsumer<Message> localInbox;
  /** Stops the cluster-membership listener. */
  private Runnable stopWatchingNodes = () -> { };
  /** Confirms registering workers answer at their inbox. */
  private WorkerVerification registrations;
  /** Refused messages: counted, and logged at most once a second per kind. */
  private final RejectionLog rejections = new RejectionLog(LOG, "scheduler");
  /** Messages whose handling threw (a scheduler bug, or an invariant broken under validation). */
  private volatile long failures;
  /** Opens when a failure may be logged: at most once a second. */
  private final OncePerSecond failureLog = new OncePerSecond();
  /** Coordination requests not yet answered (dask's waiting acquire, get, wait). */
  private final Unanswered unanswered = new Unanswered();

  /** A scheduler configured from the deployment's JSON config ({@link SchedulerOptions}). */
  public SchedulerVerticle() {}

  /** A scheduler with an explicit configuration and no dashboard. */
  public SchedulerVerticle(SchedulerConfig config) {
    this(config, null);
  }

  /**
   * A scheduler with an explicit configuration, serving its dashboard on {@code dashboardAddress}
   * (":8787", ":0" for any free port, "host:port"; null for none).
   */
  public SchedulerVerticle(SchedulerConfig config, String dashboardAddress) {
    this(config, dashboardAddress, List.of());
  }

  /**
   * A scheduler with an explicit configuration and dashboard address, refusing the operations
   * {@code blockedHandlers} names (see {@link BlockedHandlers#NAMES}).
   */
  public SchedulerVerticle(SchedulerConfig config, String dashboardAddress, List<String> blockedHandlers) {
    this.config = config;
    this.dashboard = new SchedulerDashboard(DashboardAddress.check(dashboardAddress));
    this.blocked = new BlockedHandlers(blockedHandlers);
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = SchedulerOptions.fromJson(config());
      dashboard = new SchedulerDashboard(DashboardAddress.check(SchedulerOptions.dashboardAddress(config())));
      blocked = new BlockedHandlers(SchedulerOptions.blockedHandlers(config()));
    }
    WireCodec.registerOn(vertx, Serializers.DEFAULT);
    LogComponent.tag(context, LogComponent.SCHEDULER);
    nodeId = Membership.nodeId(vertx);
    state = new SchedulerState(config);
    out = new BatchedSender(vertx.eventBus(), context, WireCodec.options(nodeId));
    registrations = new WorkerVerification(vertx, nodeId);
    localInbox = vertx.eventBus().localConsumer(Addresses.SCHEDULER_LOCAL, this::onLocalMessage);
    stopWatchingNodes = Membership.onNodeLeft(vertx, node -> context.runOnContext(v -> nodeLeft(node)));
    long tick = Math.max(10, Math.min(100, Math.min(config.workerTtlMillis(), config.clientTtlMillis()) / 4));
    if (config.stealIntervalMillis() > 0) {
      tick = Math.max(10, Math.min(tick, config.stealIntervalMillis()));
    }
    vertx.setPeriodic(tick, id -> apply(state.tick(System.currentTimeMillis())));
    election = new SchedulerElection(vertx, context, nodeId, this::elected, this::fenced);
    return localInbox.completion().compose(v -> election.start());
  }

  /**
   * This scheduler became the active one: it takes messages at {@link Addresses#SCHEDULER} (a
   * standby never subscribes there: the event bus would hand it a share of them) and serves its
   * dashboard. {@code lostNode} names the scheduler it took over from (it rebuilds its state from
   * the cluster), null when it took over from none.
   */
  private Future<Void> elected(String lostNode) {
    inbox = vertx.eventBus().consumer(Addresses.SCHEDULER, this::onMessage);
    if (lostNode != null) {
      apply(state.tookOver(lostNode, SchedulerCandidates.workerNodes(vertx), System.currentTimeMillis()));
    }
    dashboard.start(vertx, context, state, address(), rejections::total);
    return inbox.completion();
  }

  /** An older scheduler is active: stop taking messages at once (see {@link SchedulerElection}). */
  private void fenced() {
    inbox.unregister();
  }

  @Override
  public Future<?> stop() {
    stopWatchingNodes.run();
    election.close();
    return Future.succeededFuture();
  }

  /**
   * Completes with the dashboard's URL once it listens, or null when the scheduler serves none.
   * The dashboard starts beside the scheduler, which does not wait for it.
   */
  public Future<String> dashboardReady() {
    return dashboard.ready();
  }

  /** The dashboard's URL ({@code http://host:port/status}); null without a dashboard or until it listens. */
  public String dashboardLink() {
    return dashboard.link();
  }

  /**
   * Every message from the bus: decoded and checked here, inside the guard, so that a malformed or
   * refused message is counted and answered with a failure, never half-applied. A batch counts once.
   */
  private void onMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    Message body = Inbound.body(envelope, vertx.isClustered(), rejections);
    if (body == null) {
      return;
    }
    String sender = WireCodec.sender(envelope);
    List<Message> messages = body instanceof Batch batch ? batch.messages() : List.of(body);
    RejectedMessageException refused = null;
    int refusals = 0;
    for (Message m : messages) {
      try {
        dispatch(m, body instanceof Batch ? null : envelope, sender);
      } catch (RejectedMessageException e) {
        refused = e;
        refusals++;
      }
    }
    if (refused != null) {
      rejections.refuse(envelope, refused.kind(), refused.getMessage() + (refusals > 1 ? " (and " + (refusals - 1) + " more in its batch)" : ""));
    }
  }

  /**
   * Messages only this JVM may send (a local consumer: other nodes cannot reach it). A retirement
   * is answered when its workers are empty ({@link Answer}), or failed when handling it threw.
   */
  private void onLocalMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    if (envelope.body() instanceof WorkerLost lost) {
      try {
        guarded(lost, () -> apply(state.workerLost(lost, System.currentTimeMillis())));
      } catch (RejectedMessageException failedAndLogged) {
        // counted as a failure by guarded
      }
    } else if (envelope.body() instanceof RetireWorkers retire) {
      long id = unanswered.add(envelope);
      try {
        guarded(retire, () -> apply(state.retire(retire, id, System.currentTimeMillis())));
      } catch (RejectedMessageException e) {
        unanswered.drop(id);
        envelope.fail(500, e.getMessage());
      }
    }
  }

  private void nodeLeft(String node) {
    List<String> gone = state.workerIdsOn(node);
    try {
      guarded(null, () -> apply(state.nodeLeft(node, System.currentTimeMillis())));
    } catch (RejectedMessageException failedAndLogged) {
      // counted as a failure by guarded
    }
    LOG.log(Level.INFO, "cluster node " + node + " left" + (gone.isEmpty() ? "" : "; removed its workers " + gone));
  }

  /** Applies one checked message from node {@code sender}; throws {@link RejectedMessageException} to refuse it. */
  private void dispatch(Message body, io.vertx.core.eventbus.Message<Message> envelope, String sender) {
    if (!(body instanceof ToScheduler message)) {
      throw new RejectedMessageException("not-for-scheduler", body.getClass().getSimpleName() + " is not a scheduler message");
    }
    if (envelope == null && isRequest(message)) {
      throw new RejectedMessageException("not-batchable", message.getClass().getSimpleName() + " must be sent on its own, as a request");
    }
    blocked.check(message);
    if (message instanceof Query q) {
      answer(q).onSuccess(r -> reply(envelope, r));
    } else if (message instanceof Broadcast b) {
      state.admit(b, sender);
      RunBroadcast.run(vertx, nodeId, state.workerIds(), b).onSuccess(results -> reply(envelope, results));
    } else if (message instanceof TaskStreamQuery q) {
      reply(envelope, new TaskStreamReply(state.taskStream().since(q.sinceMillis(), Integer.MAX_VALUE)));
    } else if (message instanceof Heartbeat || message instanceof ClientHeartbeat) {
      heartbeat(message, envelope, sender);
    } else if (message instanceof RegisterWorker r) {
      register(r, envelope, sender);
    } else if (message instanceof Coordination c) {
      coordinate(c, envelope, sender);
    } else {
      guarded(message, () -> apply(state.handle(message, sender, System.currentTimeMillis())));
      if (message instanceof UploadJar || message instanceof RestartCluster) {
        reply(envelope, new Ack(nodeId));
      }
    }
  }

  /** Messages that are answered, and so never travel in a batch. */
  private static boolean isRequest(ToScheduler m) {
    return m instanceof Query || m instanceof TaskStreamQuery || m instanceof Heartbeat || m instanceof ClientHeartbeat
        || m instanceof RegisterWorker || m instanceof UploadJar || m instanceof Broadcast || m instanceof Coordination
        || m instanceof RestartCluster;
  }

  /**
   * A coordination request: kept until the state answers it ({@link Answer}, now or after it
   * waited), so that a waiting acquire or get never blocks the loop.
   */
  private void coordinate(Coordination c, io.vertx.core.eventbus.Message<Message> envelope, String sender) {
    long id = unanswered.add(envelope);
    try {
      guarded(c, () -> apply(state.request(c, sender, id, System.currentTimeMillis())));
    } catch (RejectedMessageException e) {
      unanswered.drop(id);
      throw e;
    }
  }

  /** Answers a heartbeat with whether its sender is known here; an unknown sender is also counted as refused. */
  private void heartbeat(ToScheduler beat, io.vertx.core.eventbus.Message<Message> envelope, String sender) {
    try {
      guarded(beat, () -> apply(state.handle(beat, sender, System.currentTimeMillis())));
      reply(envelope, new HeartbeatReply(nodeId, true));
    } catch (RejectedMessageException e) {
      reply(envelope, new HeartbeatReply(nodeId, false));
      rejections.reject(e.kind(), e.getMessage());
    }
  }

  /**
   * A worker joins once the scheduler has asked its inbox who answers there: a registration that
   * no worker of that name on that node confirms (a phantom) is refused.
   */
  private void register(RegisterWorker r, io.vertx.core.eventbus.Message<Message> envelope, String sender) {
    state.admit(r, sender);
    registrations.verify(r).onComplete(ar -> {
      if (ar.failed()) {
        rejections.refuse(envelope, "unverified-worker", ar.cause().getMessage());
        return;
      }
      try {
        guarded(r, () -> apply(state.handle(r, sender, System.currentTimeMillis())));
        reply(envelope, new Ack(nodeId));
      } catch (RejectedMessageException e) {
        rejections.refuse(envelope, e.kind(), e.getMessage());
      }
    });
  }

  /**
   * Runs {@code action}; a refusal passes through, any other exception (a scheduler bug, or an
   * invariant broken under validation) is counted as a failure, logged at most once a second, and
   * refused as "internal-error" (the state machine drops the stimulus's unfinished work).
   */
  private void guarded(Message message, Runnable action) {
    try {
      action.run();
    } catch (RejectedMessageException e) {
      throw e;
    } catch (RuntimeException e) {
      failures++;
      if (failureLog.due()) {
        LOG.log(Level.ERROR, "scheduler failed to handle " + (message == null ? "a node's departure"
            : message.getClass().getSimpleName()) + " (" + failures + " failures so far)", e);
      }
      throw new RejectedMessageException("internal-error", String.valueOf(e));
    }
  }

  private Future<Reply> answer(Query q) {
    return switch (q.kind()) {
      case WHO_HAS -> Future.succeededFuture(new Locations(state.whoHas(q.keys())));
      case HAS_WHAT -> Future.succeededFuture(new Locations(state.hasWhat()));
      case ADAPTIVE_TARGET -> Future.succeededFuture(state.adaptiveTarget());
      case INFO -> Future.succeededFuture(state.snapshot(address(), dashboardLink() == null ? "" : dashboardLink(), nodeId));
      case STORY -> {
        String key = q.keys().isEmpty() ? "" : q.keys().get(0);
        yield StoryGather.gather(vertx, nodeId, state.workerIds(), key, state.story(key)).map(Reply.class::cast);
      }
    };
  }

  /** Where this scheduler runs, as dask prints it: tcp://host (tls://host with TLS) for a clustered event bus. */
  private String address() {
    String host = Clustering.host(vertx);
    String scheme = !vertx.isClustered() ? "inproc://" : dev.weft.protocol.tls.ClusterTls.of(vertx) != null ? "tls://" : "tcp://";
    return scheme + host + "/" + ProcessHandle.current().pid();
  }

  private void apply(List<Effect> effects) {
    for (Effect e : effects) {
      if (e instanceof SendToWorker w) {
        out.send(inboxes.worker(w.workerId()), w.message());
      } else if (e instanceof SendToClient c) {
        out.send(inboxes.client(c.clientId()), c.message());
        ClassArchiveRecorder.warm();
      } else if (e instanceof Answer a) {
        unanswered.answer(a);
      } else if (e instanceof PushEvent p) {
        out.send(Addresses.clientEvents(p.clientId()), p.event());
      }
    }
  }

  private static void reply(io.vertx.core.eventbus.Message<Message> envelope, Reply r) {
    if (envelope != null && envelope.replyAddress() != null) {
      envelope.reply(r, WireCodec.OPTIONS);
    }
  }

  /** Messages refused since start (malformed, unknown sender, wrong node, ...). */
  public long rejections() {
    return rejections.total();
  }

  /** Messages whose handling threw since start; zero unless the scheduler has a bug. */
  public long failures() {
    return failures;
  }
}
