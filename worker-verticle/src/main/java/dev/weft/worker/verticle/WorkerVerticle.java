package dev.weft.worker.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.BatchedSender;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.JdkSerializer;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.ValueSerializer;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.Execute;
import dev.weft.worker.state.GatherDep;
import dev.weft.worker.state.GatherFailed;
import dev.weft.worker.state.GatherSucceeded;
import dev.weft.worker.state.GrantRejoin;
import dev.weft.worker.state.Instruction;
import dev.weft.worker.state.SendToScheduler;
import dev.weft.worker.state.WorkerConfig;
import dev.weft.worker.state.WorkerState;
import dev.weft.worker.state.WorkerStimulus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's I/O shell: scheduler messages and outcomes of its own work become stimuli of
 * {@link WorkerState}; its instructions become task runs on the {@link TaskRunner}'s threads,
 * fetches from peer workers, and (batched) sends to the scheduler. Never runs user code on its
 * event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = System.getLogger(WorkerVerticle.class.getName());

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

  /** A worker configured from the deployment's JSON config ({@link WorkerOptions}). */
  public WorkerVerticle() {
    this.serializer = JdkSerializer.INSTANCE;
  }

  /** A worker with {@code config}, heartbeating every {@code heartbeatMillis}. */
  public WorkerVerticle(WorkerConfig config, long heartbeatMillis) {
    this.config = config;
    this.heartbeatMillis = heartbeatMillis;
    this.serializer = JdkSerializer.INSTANCE;
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = WorkerOptions.fromJson(config(), vertx.isClustered());
      heartbeatMillis = WorkerOptions.heartbeatMillis(config());
    }
    WireCodec.registerOn(vertx, serializer);
    state = new WorkerState(config, Sizes::estimate);
    out = new BatchedSender(vertx.eventBus(), context);
    runner = new TaskRunner(config.workerId(), serializer, context, this::onOutcome);
    inbox = vertx.eventBus().consumer(Addresses.worker(config.workerId()), this::onMessage);
    return inbox.completion()
        .compose(v -> vertx.eventBus().request(Addresses.SCHEDULER,
            new RegisterWorker(config.workerId(), config.nthreads(), config.memoryLimit(), config.resources()),
            WireCodec.OPTIONS))
        .onSuccess(v -> vertx.setPeriodic(heartbeatMillis, id -> heartbeat()));
  }

  @Override
  public Future<?> stop() {
    out.send(Addresses.SCHEDULER, new WorkerGoodbye(config.workerId()));
    out.flush();
    runner.shutdown();
    return Future.succeededFuture();
  }

  private void heartbeat() {
    out.send(Addresses.SCHEDULER, new Heartbeat(config.workerId(), state.executing(), state.readyCount(),
        state.bytesStored(), state.storedCount()));
  }

  private void onMessage(io.vertx.core.eventbus.Message<Message> envelope) {
    Object body = envelope.body();
    try {
      if (body instanceof Batch batch) {
        for (Message m : batch.messages()) {
          dispatch(m);
        }
      } else if (body instanceof GetData get) {
        serve(envelope, get);
      } else if (body instanceof RunFunction run) {
        runner.runFunction(run).onComplete(ar -> envelope.reply(ar.result(), WireCodec.OPTIONS));
      } else {
        dispatch(body);
      }
    } catch (RuntimeException e) {
      failures++;
      LOG.log(Level.ERROR, "worker " + config.workerId() + " failed to handle a message", e);
      if (envelope.replyAddress() != null) {
        envelope.fail(400, String.valueOf(e.getMessage()));
      }
    }
  }

  private void dispatch(Object body) {
    if (body instanceof UploadJar jar) {
      runner.addJar(jar.name(), (byte[]) jar.bytes().value(serializer, getClass().getClassLoader()));
      return;
    }
    if (!(body instanceof ToWorker message) || body instanceof GetData || body instanceof RunFunction) {
      throw new IllegalArgumentException("not a worker instruction: " + (body == null ? "null" : body.getClass().getName()));
    }
    apply(state.handle(message));
  }

  private void serve(io.vertx.core.eventbus.Message<Message> envelope, GetData get) {
    Map<String, Object> values = state.values(get.keys());
    Map<String, Payload> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Payload.of(v)));
    List<String> missing = new ArrayList<>();
    for (String k : get.keys()) {
      if (!values.containsKey(k)) {
        missing.add(k);
      }
    }
    keysServed += data.size();
    envelope.reply(new DataReply(data, missing), WireCodec.OPTIONS);
  }

  private void onOutcome(WorkerStimulus outcome) {
    try {
      apply(state.handle(outcome));
    } catch (RuntimeException e) {
      failures++;
      LOG.log(Level.ERROR, "worker " + config.workerId() + " failed to handle " + outcome.getClass().getSimpleName(), e);
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
      } else if (i instanceof GatherDep g) {
        gather(g);
      } else if (i instanceof SendToScheduler s) {
        out.send(Addresses.SCHEDULER, s.message());
      } else if (i instanceof GrantRejoin g) {
        runner.granted(g.key());
      }
    }
  }

  private void gather(GatherDep g) {
    vertx.eventBus().<Message>request(Addresses.worker(g.worker()), new GetData(g.keys()), WireCodec.OPTIONS)
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().body() instanceof DataReply reply) {
            Map<String, Object> data = new HashMap<>();
            Map<String, Long> sizes = new HashMap<>();
            ClassLoader loader = runner.loader();
            reply.data().forEach((k, p) -> data.put(k, p.value(serializer, loader)));
            onOutcome(new GatherSucceeded(g.worker(), data, sizes, reply.missing()));
          } else {
            onOutcome(new GatherFailed(g.worker(), g.keys()));
          }
        });
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
