package dev.weft.worker.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.BatchedSender;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.DataTicket;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Heartbeat;
import dev.weft.protocol.LogComponent;
import dev.weft.protocol.Retry;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.RegisterWorker;
import dev.weft.protocol.RunFunction;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.UnserializableValueException;
import dev.weft.protocol.ValueSerializer;
import dev.weft.protocol.WorkerGoodbye;
import dev.weft.protocol.cluster.Clustering;
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
import java.util.concurrent.Callable;

/**
 * A worker's I/O shell: scheduler messages and outcomes of its own work become stimuli of
 * {@link WorkerState}; its instructions become task runs on the {@link TaskRunner}'s threads,
 * fetches from peer workers, and (batched) sends to the scheduler. Never runs user code on its
 * event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = System.getLogger(WorkerVerticle.class.getName());
  /** How long a starting worker keeps trying to reach the scheduler. */
  private static final long REGISTER_TIMEOUT_NANOS = 120_000_000_000L;
  /** Values estimated larger than this are serialized for a peer off the event loop. */
  private static final long SERIALIZE_ON_LOOP_BYTES = 64 * 1024;

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
  /** The direct channel for large values; null on a non-clustered Vert.x, where values go by reference. */
  private DataChannelServer channel;
  /** CPU use between heartbeats. */
  private final ProcessCpu cpu = new ProcessCpu();
  /** Serialized size above which a served value goes over {@link #channel}; set before start completes. */
  private long channelThreshold = DataChannel.DEFAULT_THRESHOLD_BYTES;
  /** Host {@link #channel} listens on; set before start completes. */
  private String channelHost = System.getProperty(Clustering.HOST_PROPERTY, "127.0.0.1");

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
      channelHost = WorkerOptions.dataHost(config());
    }
    WireCodec.registerOn(vertx, serializer);
    LogComponent.tag(context, config.workerId());
    state = new WorkerState(config, Sizes::estimate);
    out = new BatchedSender(vertx.eventBus(), context);
    runner = new TaskRunner(config.workerId(), serializer, context, this::onOutcome);
    inbox = vertx.eventBus().consumer(Addresses.worker(config.workerId()), this::onMessage);
    Future<Void> channelStarted = Future.succeededFuture();
    if (vertx.isClustered()) {
      channel = new DataChannelServer(vertx, channelHost, DataChannel.DEFAULT_TICKET_TTL_MILLIS);
      channelStarted = channel.start();
    }
    Future<Void> ready = channelStarted;
    return inbox.completion()
        .compose(v -> ready)
        .compose(v -> register(System.nanoTime() + REGISTER_TIMEOUT_NANOS))
        .onSuccess(v -> {
          LOG.log(Level.INFO, "worker " + config.workerId() + " registered: " + config.nthreads() + " threads");
          vertx.setPeriodic(heartbeatMillis, id -> heartbeat());
        });
  }

  /** Registers with the scheduler, retrying while it is not reachable yet (it may start later). */
  private Future<Void> register(long deadlineNanos) {
    RegisterWorker hello = new RegisterWorker(config.workerId(), config.nthreads(), config.memoryLimit(), config.resources());
    return Retry.until(vertx, deadlineNanos, 100,
        () -> vertx.eventBus().request(Addresses.SCHEDULER, hello, WireCodec.OPTIONS).<Void>mapEmpty(),
        e -> new IllegalStateException("no scheduler answered at " + Addresses.SCHEDULER, e));
  }

  @Override
  public Future<?> stop() {
    out.send(Addresses.SCHEDULER, new WorkerGoodbye(config.workerId()));
    out.flush();
    runner.shutdown();
    return channel == null ? Future.succeededFuture() : channel.close();
  }

  private void heartbeat() {
    out.send(Addresses.SCHEDULER, new Heartbeat(config.workerId(), state.executing(), state.readyCount(),
        state.bytesStored(), state.storedCount(), cpu.percentSinceLastCall(), state.bytesFetched()));
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
    List<String> missing = new ArrayList<>();
    for (String k : get.keys()) {
      if (!values.containsKey(k)) {
        missing.add(k);
      }
    }
    keysServed += values.size();
    if (channel == null || get.fromThisJvm()) { // one JVM: by reference
      Map<String, Payload> data = new LinkedHashMap<>();
      values.forEach((k, v) -> data.put(k, Payload.of(v)));
      envelope.reply(new DataReply(data, missing), WireCodec.OPTIONS);
      return;
    }
    boolean large = values.values().stream().anyMatch(v -> Sizes.estimate(v) > SERIALIZE_ON_LOOP_BYTES);
    Callable<DataReply> reply = () -> serialized(values, missing);
    Future<DataReply> ready;
    try {
      ready = large ? vertx.executeBlocking(reply, false) : Future.succeededFuture(reply.call());
    } catch (Exception e) {
      ready = Future.failedFuture(e);
    }
    ready.onComplete(ar -> {
      if (ar.succeeded()) {
        envelope.reply(ar.result(), WireCodec.OPTIONS);
      } else {
        LOG.log(Level.WARNING, "worker " + config.workerId() + " cannot serve " + get.keys(), ar.cause());
        envelope.fail(ar.cause() instanceof UnserializableValueException ? 500 : 400, String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  /**
   * The reply to a peer in another JVM: each value serialized once; those over the threshold are
   * offered on the data channel and sent as tickets, the rest travel inline as those bytes (so the
   * codec does not serialize them again). Thread-safe.
   */
  private DataReply serialized(Map<String, Object> values, List<String> missing) {
    Map<String, Payload> data = new LinkedHashMap<>();
    Map<String, DataTicket> tickets = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      ValueSerializer.Serialized bytes = serializer.serializeToSlice(v);
      if (bytes.length() > channelThreshold) {
        tickets.put(k, channel.offer(bytes));
      } else {
        data.put(k, Payload.ofBytes(bytes.exact()));
      }
    });
    return new DataReply(data, missing, tickets);
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
            if (reply.tickets().isEmpty()) {
              onOutcome(new GatherSucceeded(g.worker(), data, sizes, reply.missing()));
            } else {
              collect(g, reply, data, sizes, loader);
            }
          } else {
            onOutcome(new GatherFailed(g.worker(), g.keys()));
          }
        });
  }

  /** Reads the ticketed values of {@code reply} over the data channel, then reports the whole gather. */
  private void collect(GatherDep g, DataReply reply, Map<String, Object> data, Map<String, Long> sizes, ClassLoader loader) {
    List<String> keys = new ArrayList<>(reply.tickets().keySet());
    List<Future<Object>> reads = new ArrayList<>();
    for (String k : keys) {
      reads.add(DataChannel.fetchValue(vertx, reply.tickets().get(k), serializer, loader));
    }
    Future.all(reads).onComplete(all -> context.runOnContext(v -> {
      if (all.succeeded()) {
        for (int i = 0; i < keys.size(); i++) {
          data.put(keys.get(i), reads.get(i).result());
        }
        onOutcome(new GatherSucceeded(g.worker(), data, sizes, reply.missing()));
      } else {
        LOG.log(Level.WARNING, "worker " + config.workerId() + " could not read " + keys + " from " + g.worker(), all.cause());
        onOutcome(new GatherFailed(g.worker(), g.keys()));
      }
    }));
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
