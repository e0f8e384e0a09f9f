package dev.weft.worker.verticle;

import dev.weft.protocol.tls.TlsRefusals;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.BatchedSender;
import dev.weft.protocol.GetData;
import dev.weft.protocol.GetStory;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LogComponent;
import dev.weft.protocol.Identify;
import dev.weft.protocol.Message;
import dev.weft.protocol.RestartWorker;
import dev.weft.protocol.Inbound;
import dev.weft.protocol.OncePerSecond;
import dev.weft.protocol.RejectionLog;
import dev.weft.protocol.WorkerIdentity;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.Story;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.ValueSerializer;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.DeleteSpill;
import dev.weft.worker.state.Execute;
import dev.weft.worker.state.GatherDep;
import dev.weft.worker.state.GrantRejoin;
import dev.weft.worker.state.Instruction;
import dev.weft.worker.state.Interrupt;
import dev.weft.worker.state.SendToScheduler;
import dev.weft.worker.state.Spill;
import dev.weft.worker.state.WorkerConfig;
import dev.weft.worker.state.WorkerState;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * A worker's I/O shell: scheduler messages and outcomes of its own work become stimuli of
 * {@link WorkerState}; its instructions become task runs on the {@link TaskRunner}'s threads,
 * fetches from peer workers, and (batched) sends to the scheduler. Never runs user code on its
 * event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  /**
   * Longest a report to the scheduler waits while tasks are still running or ready here (dask's
   * worker batches its stream every 2 ms): streams of short tasks are reported a batch at a time.
   */
  private static final long REPORT_HOLD_MILLIS = 2;
  private static final Logger LOG = System.getLogger(WorkerVerticle.class.getName());
  /** How long a starting worker keeps trying to reach the scheduler. */
  private static final long REGISTER_TIMEOUT_NANOS = 120_000_000_000L;

  /** Settings; from the constructor or, when absent, the deployment's JSON config. */
  private WorkerConfig config;
  /** Heartbeat interval; set with {@link #config}. */
  private long heartbeatMillis;
  private final ValueSerializer serializer;
  /** Task logic and stored values; touched only on this verticle's context. */
  private WorkerState state;
  private BatchedSender out;
  private TaskRunner runner;
  private MessageConsumer<Message> inbox;
  /** Values served to peers and clients so far (count of keys). */
  private volatile long keysServed;
  /** Messages whose handling threw (a worker bug, or an invariant broken under validation). */
  private volatile long failures;
  /** Opens when a failure may be logged: at most once a second. */
  private final OncePerSecond failureLog = new OncePerSecond();
  /** This worker's cluster node, stamped on its sends. */
  private String nodeId;
  /** Registration, heartbeats, and noticing the scheduler's loss. */
  private SchedulerLink link;
  /** Refused messages: counted (and reported in heartbeats), logged at most once a second per kind. */
  private RejectionLog rejections;
  /** Fetches from peers awaiting an answer; failed at once when their peer's node leaves. */
  private PeerFetches fetches;
  /** The direct channel for large values; null on a non-clustered Vert.x, where values go by reference. */
  private DataChannelServer channel;
  /** Spill files, reading values back, and measuring memory. */
  private Spiller spiller;
  /** Answers GetData. */
  private ValueServer server;
  /** CPU use between heartbeats. */
  private final ProcessCpu cpu = new ProcessCpu();
  /** Serialized size above which a served value goes over {@link #channel}; set before start completes. */
  private long channelThreshold = DataChannel.DEFAULT_THRESHOLD_BYTES;
  /** The host the data channel binds: the "dataHost" key, else this node's host; set at the first start. */
  private String channelHost;
  /** True when a nanny runs this worker's JVM (the "nanny" key): a restart then exits for it to start a fresh JVM. */
  private boolean underNanny;

  /** A worker configured from the deployment's JSON config ({@link WorkerOptions}). */
  public WorkerVerticle() {
    this.serializer = Serializers.DEFAULT;
  }

  /** A worker with {@code config}, heartbeating every {@code heartbeatMillis}. */
  public WorkerVerticle(WorkerConfig config, long heartbeatMillis) {
    this.config = config;
    this.heartbeatMillis = heartbeatMillis;
    this.serializer = Serializers.DEFAULT;
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = WorkerOptions.fromJson(config(), vertx.isClustered());
      heartbeatMillis = WorkerOptions.heartbeatMillis(config());
      channelThreshold = WorkerOptions.dataChannelBytes(config());
      underNanny = WorkerOptions.underNanny(config());
    }
    if (channelHost == null) {
      channelHost = WorkerOptions.dataHost(config(), vertx);
    }
    WireCodec.registerOn(vertx, serializer);
    LogComponent.tag(context, config.workerId());
    nodeId = Membership.nodeId(vertx);
    rejections = new RejectionLog(LOG, "worker " + config.workerId());
    state = new WorkerState(config, Sizes::estimate);
    out = BatchedSender.holding(vertx, context, WireCodec.options(nodeId),
        () -> state.executing() > 0 || state.readyCount() > 0, REPORT_HOLD_MILLIS);
    fetches = new PeerFetches(vertx, context, nodeId, config.workerId(), () -> runner.classes(), this::onOutcome);
    link = new SchedulerLink(vertx, context, config, heartbeatMillis, this::heartbeatMessage, () -> state.held(), this::onSchedulerLost);
    runner = new TaskRunner(config.workerId(), config.nthreads(), serializer, context, this::onOutcomes, (v, with) -> spiller.resolve(v, with), vertx.isClustered());
    inbox = vertx.eventBus().consumer(Addresses.worker(config.workerId()), this::onMessage);
    Future<Void> channelStarted = Future.succeededFuture();
    if (vertx.isClustered()) {
      channel = new DataChannelServer(vertx, channelHost, DataChannel.DEFAULT_TICKET_TTL_MILLIS);
      channelStarted = channel.start();
    }
    spiller = new Spiller(vertx, config, runner::classes, this::onOutcome);
    // keys -> state.values(keys), not state::values: starting clean replaces the state, and the
    // server must read the current one (a bound reference served the old state's values for ever)
    server = new ValueServer(vertx, context, config.workerId(), config.memoryLimit(), keys -> state.values(keys), serializer,
        spiller, runner::classes, channel, channelThreshold);
    spiller.start(() -> state.pausedBecause() != null);
    Future<Void> ready = channelStarted;
    return inbox.completion()
        .compose(v -> ready)
        .compose(v -> link.start(System.nanoTime() + REGISTER_TIMEOUT_NANOS, heartbeatMillis))
        .onSuccess(v -> LOG.log(Level.INFO, "worker " + config.workerId() + " registered: " + config.nthreads() + " threads"));
  }

  @Override
  public Future<?> stop() {
    link.close();
    fetches.close();
    out.send(Addresses.SCHEDULER, new WorkerGoodbye(config.workerId()));
    out.flush();
    runner.shutdown();
    spiller.close();
    return channel == null ? Future.succeededFuture() : channel.close();
  }

  private Heartbeat heartbeatMessage() {
    return new Heartbeat(config.workerId(), state.executing(), state.memory(spiller.readBytes()),
        state.storedCount(), cpu.percentSinceLastCall(), state.bytesFetched(), rejected());
  }

  /**
   * Every message from the bus, decoded and checked inside the guard: a malformed message, or a
   * scheduler instruction from any node but the scheduler's, is counted and refused, never applied.
   */
  private void onMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    Message body = Inbound.body(envelope, vertx.isClustered(), rejections);
    if (body == null) {
      return;
    }
    if (body instanceof GetData get) {
      keysServed += server.serve(envelope, get);
    } else if (body instanceof Identify) {
      envelope.reply(new WorkerIdentity(config.workerId(), nodeId), WireCodec.OPTIONS);
    } else if (!fromScheduler(envelope)) {
      rejections.refuse(envelope, "not-from-scheduler", body.getClass().getSimpleName() + " from node " + WireCodec.sender(envelope)
          + ", not from the scheduler's node " + link.schedulerNode());
    } else if (body instanceof RunFunction run) {
      runner.runFunction(run).onComplete(ar -> envelope.reply(ar.result(), WireCodec.OPTIONS));
    } else if (body instanceof GetStory get) {
      envelope.reply(new Story(get.key(), state.storyLines(get.key())), WireCodec.OPTIONS);
    } else {
      instructAll(body instanceof Batch batch ? batch.messages() : List.of(body), envelope);
    }
  }

  /** True when {@code envelope} comes from the node of the scheduler this worker is registered with. */
  private boolean fromScheduler(io.vertx.core.eventbus.Message<Message> envelope) {
    String scheduler = link.schedulerNode();
    return scheduler != null && scheduler.equals(WireCodec.sender(envelope));
  }

  /**
   * Applies the scheduler's instructions in order; refused ones are skipped and the envelope counts
   * once as refused. If the state breaks, the rest is dropped: the worker starts again clean.
   */
  private void instructAll(List<Message> messages, io.vertx.core.eventbus.Message<Message> envelope) {
    Refusal first = null;
    int refusals = 0;
    for (Message m : messages) {
      if (m instanceof RestartWorker) {
        restart();
        break;
      }
      Refusal r;
      try {
        r = instruct(m);
      } catch (RuntimeException e) {
        broken(m.getClass().getSimpleName(), e);
        break;
      }
      if (r != null) {
        first = first == null ? r : first;
        refusals++;
      }
    }
    if (first != null) {
      rejections.refuse(envelope, first.kind(), first.detail() + (refusals > 1 ? " (and " + (refusals - 1) + " more)" : ""));
    }
  }

  /** Why an instruction was not applied. */
  private record Refusal(String kind, String detail) {}

  /**
   * Applies one scheduler instruction; returns why it was refused, or null. Throws only when the
   * state machine does (a worker bug).
   */
  private Refusal instruct(Message body) {
    if (body instanceof UploadJar jar) {
      try {
        byte[] bytes = (byte[]) jar.bytes().value(serializer, getClass().getClassLoader());
        if (runner.addJar(jar.name(), bytes)) {
          LOG.log(Level.INFO, "worker " + config.workerId() + " loaded jar " + jar.name() + " (" + bytes.length
              + " bytes): tasks started from now on use its classes");
        } else {
          LOG.log(Level.DEBUG, "worker " + config.workerId() + " has jar " + jar.name() + " with these bytes already");
        }
        return null;
      } catch (RuntimeException e) {
        return new Refusal("bad-jar", "jar " + jar.name() + " cannot be loaded: " + e);
      }
    }
    if (!(body instanceof ToWorker message) || body instanceof GetData || body instanceof RunFunction
        || body instanceof Identify || body instanceof GetStory) {
      return new Refusal("not-an-instruction", body.getClass().getSimpleName() + " is not a worker instruction");
    }
    apply(state.handle(message, System.currentTimeMillis()));
    return null;
  }

  /**
   * The state machine threw (a worker bug): count and log it (at most once a second), tell the
   * scheduler this worker leaves, and start again clean — a new state, registered anew — rather
   * than stay broken.
   */
  private void broken(String what, RuntimeException e) {
    failures++;
    if (failureLog.due()) {
      LOG.log(Level.ERROR, "worker " + config.workerId() + " failed to handle " + what + " (" + failures
          + " failures so far); starting again with a clean state", e);
    }
    out.send(Addresses.SCHEDULER, new WorkerGoodbye(config.workerId()));
    out.flush();
    startClean();
    link.reregister();
  }

  /**
   * The scheduler restarts this worker (a client's {@code restart()}): under a nanny the JVM exits
   * with {@link RestartWorker#EXIT_CODE} (on a thread of its own: exiting runs shutdown hooks) and
   * the nanny starts a fresh one; otherwise every task and value is dropped and the worker
   * registers again. Tasks still running cannot be stopped: their results are dropped.
   */
  private void restart() {
    if (underNanny) {
      LOG.log(Level.INFO, "worker " + config.workerId() + " restarting: its nanny starts a fresh JVM");
      link.close();
      Thread exit = new Thread(() -> System.exit(RestartWorker.EXIT_CODE), "weft-worker-restart");
      exit.start();
      return;
    }
    LOG.log(Level.INFO, "worker " + config.workerId() + " restarting: every task and value dropped, registering again");
    startClean();
    link.reregister();
  }

  /**
   * The scheduler is gone or forgot this worker: with a standby scheduler to take over, values and
   * runs under way stay (and are reported when registering again); otherwise every task and value goes.
   */
  private void onSchedulerLost(String why, boolean standby) {
    if (!standby) {
      startClean();
      return;
    }
    try {
      apply(state.schedulerLost(System.currentTimeMillis()));
    } catch (RuntimeException e) {
      broken("the scheduler's loss", e);
    }
  }

  private void startClean() {
    runner.newGeneration();
    spiller.clear();
    state = new WorkerState(config, Sizes::estimate);
  }

  /** Messages refused since start (malformed, or instructions not from the scheduler). */
  public long rejections() {
    return rejections.total();
  }

  /**
   * Refused messages and refused TLS handshakes since start, as heartbeats report them: those of
   * the data channel, and those of the event bus when this worker has a JVM of its own (in the
   * scheduler's JVM, the scheduler's metrics count them already).
   */
  private long rejected() {
    DataChannelServer c = channel;
    boolean ownJvm = link != null && link.schedulerNode() != null && !link.schedulerNode().equals(nodeId);
    return rejections.total() + (c == null ? 0 : c.refusedHandshakes())
        + (ownJvm ? TlsRefusals.countOnPort(Clustering.eventBusPort(vertx)) : 0);
  }

  private void onOutcome(WorkerStimulus outcome) {
    onOutcomes(List.of(outcome));
  }

  private void onOutcomes(List<WorkerStimulus> outcomes) {
    try {
      apply(state.handleAll(outcomes, System.currentTimeMillis()));
    } catch (RuntimeException e) {
      broken(outcomes.get(0).getClass().getSimpleName(), e);
    }
  }

  /** Messages and outcomes whose handling threw since start; zero unless the worker has a bug. */
  public long failures() {
    return failures;
  }

  private void apply(List<Instruction> instructions) {
    for (Instruction i : instructions) {
      if (i instanceof Execute e) {
        runner.run(e);
      } else if (i instanceof Interrupt stop) {
        runner.interrupt(stop.key());
      } else if (i instanceof GatherDep g) {
        fetches.gather(g);
      } else if (i instanceof SendToScheduler s) {
        if (s.message() instanceof WorkerStatusChange change) {
          LOG.log(change.paused() ? Level.WARNING : Level.INFO, change.paused()
              ? "Pausing worker " + config.workerId() + ": " + change.reason()
              : "Resuming worker " + config.workerId());
        }
        out.send(Addresses.SCHEDULER, s.message());
      } else if (i instanceof Spill spill) {
        spiller.spill(spill);
      } else if (i instanceof DeleteSpill delete) {
        spiller.delete(delete);
      } else if (i instanceof GrantRejoin g) {
        runner.granted(g.key());
      }
    }
  }

  /** Keys served to peers and clients since start. */
  public long keysServed() {
    return keysServed;
  }

  /** The worker's name. */
  public String workerId() {
    return config.workerId();
  }
}
