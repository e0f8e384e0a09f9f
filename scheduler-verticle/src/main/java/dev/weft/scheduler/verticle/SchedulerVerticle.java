package dev.weft.scheduler.verticle;

import dev.weft.protocol.Ack;
import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.BatchedSender;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.Locations;
import dev.weft.protocol.LogComponent;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.Reply;
import dev.weft.protocol.Story;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.scheduler.http.DashboardServer;
import dev.weft.scheduler.http.SchedulerView;
import dev.weft.scheduler.state.Effect;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.state.SchedulerState;
import dev.weft.scheduler.state.SendToClient;
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
  /** Where the dashboard listens (":8787", ":0", "host:port"); null for none. */
  private String dashboardAddress;
  /** The HTTP server verticle when running with a dashboard, else null. */
  private volatile DashboardServer dashboard;
  /** Completes with the dashboard's URL once it listens (null without a dashboard). */
  private final io.vertx.core.Promise<String> dashboardReady = io.vertx.core.Promise.promise();
  /** All scheduling state; touched only on this verticle's context. */
  private SchedulerState state;
  private BatchedSender out;
  private MessageConsumer<Message> inbox;
  /** Messages rejected as malformed, since start. */
  private long rejected;
  /** Messages whose handling threw (a scheduler bug, or an invariant broken under validation). */
  private volatile long failures;

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
    this.config = config;
    this.dashboardAddress = DashboardAddress.check(dashboardAddress);
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = SchedulerOptions.fromJson(config());
      dashboardAddress = DashboardAddress.check(SchedulerOptions.dashboardAddress(config()));
    }
    WireCodec.registerOn(vertx, Serializers.DEFAULT);
    LogComponent.tag(context, LogComponent.SCHEDULER);
    state = new SchedulerState(config);
    out = new BatchedSender(vertx.eventBus(), context);
    inbox = vertx.eventBus().consumer(Addresses.SCHEDULER, this::onMessage);
    long tick = Math.max(10, Math.min(1000, config.workerTtlMillis() / 4));
    vertx.setPeriodic(tick, id -> apply(state.tick(System.currentTimeMillis())));
    if (dashboardAddress == null) {
      dashboardReady.complete(null);
      return inbox.completion().onSuccess(v -> LOG.log(Level.INFO, "scheduler at " + address() + "; no dashboard"));
    }
    SchedulerView view = new SchedulerView(state, address(), System.currentTimeMillis(), () -> rejected);
    dashboard = new DashboardServer(view, context, DashboardAddress.host(dashboardAddress), DashboardAddress.port(dashboardAddress));
    vertx.deployVerticle(dashboard).onComplete(ar -> {
      if (ar.succeeded()) {
        LOG.log(Level.INFO, "scheduler at " + address() + "; dashboard at " + dashboard.link());
        dashboardReady.complete(dashboard.link());
      } else {
        LOG.log(Level.ERROR, "scheduler at " + address() + "; the dashboard failed to start", ar.cause());
        dashboardReady.fail(ar.cause());
      }
    });
    return inbox.completion();
  }

  /**
   * Completes with the dashboard's URL once it listens, or null when the scheduler serves none.
   * The dashboard starts beside the scheduler, which does not wait for it.
   */
  public Future<String> dashboardReady() {
    return dashboardReady.future();
  }

  /** The dashboard's URL ({@code http://host:port/status}); null without a dashboard or until it listens. */
  public String dashboardLink() {
    DashboardServer d = dashboard;
    return d == null ? null : d.link();
  }

  private void onMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    Object body = envelope.body();
    if (body instanceof Batch batch) {
      for (Message m : batch.messages()) {
        dispatch(m, null);
      }
    } else {
      dispatch(body, envelope);
    }
  }

  private void dispatch(Object body, io.vertx.core.eventbus.Message<Message> envelope) {
    if (!(body instanceof ToScheduler message)) {
      reject(envelope, "not a scheduler message: " + (body == null ? "null" : body.getClass().getName()), null);
      return;
    }
    try {
      if (message instanceof Query q) {
        reply(envelope, answer(q));
        return;
      }
      if (message instanceof TaskStreamQuery q) {
        reply(envelope, new TaskStreamReply(state.taskStream().since(q.sinceMillis(), Integer.MAX_VALUE)));
        return;
      }
      apply(state.handle(message, System.currentTimeMillis()));
      if (message instanceof RegisterWorker || message instanceof UploadJar) {
        reply(envelope, new Ack(Addresses.SCHEDULER));
      }
    } catch (RuntimeException e) {
      failures++;
      reject(envelope, "failed to handle " + message.getClass().getSimpleName(), e);
    }
  }

  private Reply answer(Query q) {
    return switch (q.kind()) {
      case WHO_HAS -> new Locations(state.whoHas(q.keys()));
      case HAS_WHAT -> new Locations(state.hasWhat());
      case INFO -> state.snapshot(address(), dashboardLink() == null ? "" : dashboardLink());
      case STORY -> new Story(q.keys().isEmpty() ? "" : q.keys().get(0), q.keys().isEmpty() ? List.of()
          : state.story(q.keys().get(0)).stream()
              .map(r -> r.from() + "->" + r.to() + " " + r.stimulus() + " @" + r.millis()).toList());
    };
  }

  /** Where this scheduler runs, as dask prints it: tcp://host for a clustered event bus. */
  private String address() {
    String host = System.getProperty("weft.cluster.host", "127.0.0.1");
    return (vertx.isClustered() ? "tcp://" : "inproc://") + host + "/" + ProcessHandle.current().pid();
  }

  private void apply(List<Effect> effects) {
    for (Effect e : effects) {
      if (e instanceof SendToWorker w) {
        out.send(Addresses.worker(w.workerId()), w.message());
      } else if (e instanceof SendToClient c) {
        out.send(Addresses.client(c.clientId()), c.message());
      }
    }
  }

  private static void reply(io.vertx.core.eventbus.Message<Message> envelope, Reply r) {
    if (envelope != null && envelope.replyAddress() != null) {
      envelope.reply(r, WireCodec.OPTIONS);
    }
  }

  private void reject(io.vertx.core.eventbus.Message<Message> envelope, String why, Throwable e) {
    rejected++;
    LOG.log(Level.ERROR, "scheduler rejected a message (" + rejected + " so far): " + why, e);
    if (envelope != null && envelope.replyAddress() != null) {
      envelope.fail(400, why);
    }
  }

  /** Messages whose handling threw since start; zero unless the scheduler has a bug. */
  public long failures() {
    return failures;
  }
}
