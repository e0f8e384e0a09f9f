package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Batch;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.ClientGoodbye;
import dev.weft.protocol.ClientHello;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.KeyErred;
import dev.weft.protocol.KeyInMemory;
import dev.weft.protocol.KeyLost;
import dev.weft.protocol.Inbound;
import dev.weft.protocol.Locations;
import dev.weft.protocol.RejectionLog;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Query;
import dev.weft.protocol.Retry;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.Broadcast;
import dev.weft.protocol.RunResults;
import dev.weft.protocol.RunResult;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.TaskStreamQuery;
import dev.weft.protocol.TaskStreamReply;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.UploadJar;
import dev.weft.protocol.WorkerSnapshot;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.verticle.DataChannel;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.cluster.Membership;
import dev.weft.protocol.UnserializableValueException;
import io.vertx.core.eventbus.DeliveryOptions;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Submits work to a Weft cluster and tracks the futures of its results (dask's {@code Client}).
 * {@link #create()} starts an embedded {@link LocalCluster} owned by the client;
 * {@link #connect(LocalCluster)} attaches to an existing one. Asynchronous calls return Vert.x
 * {@link Future}s; {@code submit}, {@code map} and {@code scatter} return at once. Thread-safe.
 */
public final class Client extends SubmitApi implements CoordinationApi, AutoCloseable {

  /**
   * Most tasks of one {@link #map} per message: the scheduler places the first ones while the
   * rest are still being made, instead of taking a whole large map in one event-loop turn.
   */
  static final int MAP_MESSAGE_TASKS = 10_000;

  private final Vertx vertx;
  private final String id = "client-" + UUID.randomUUID();
  /** The cluster this client started and closes, or null. */
  private final LocalCluster owned;
  /** States of the keys this client holds futures on; a key is here while refs > 0. */
  private final Map<String, FutureState> states = new ConcurrentHashMap<>();
  /**
   * Serializes reference counting and sends, so the scheduler sees wants and releases of a key
   * in the order they were decided.
   */
  private final Object sendLock = new Object();
  private final MessageConsumer<Message> inbox;
  /** Runs {@code onDone} callbacks, never on an event loop. */
  private final ExecutorService callbacks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "weft-callback");
    t.setDaemon(true);
    return t;
  });
  /** Values this client fetched from workers itself (not forwarded inline). */
  private final java.util.concurrent.atomic.AtomicLong fetches = new java.util.concurrent.atomic.AtomicLong();
  /** Bounds fetches of values from each worker. */
  private final FetchLimiter fetchLimiter = new FetchLimiter();
  /** The clustered Vert.x this client started to join a cluster, closed with it; or null. */
  private Vertx ownedVertx;
  /** The scheduler's dashboard URL as it answered when this client connected; null for none. */
  private volatile String dashboardLink;
  /** True once closed; guarded by {@link #sendLock}. */
  private boolean closed;
  /** This client's cluster node, stamped on its sends and told to the scheduler. */
  private final String nodeId;
  /** How this client sends: Weft's codec and its node header. */
  private final DeliveryOptions options;
  /**
   * The node of the scheduler this client is connected to; null while it has none (before the
   * first answer, and from losing one until another answers). Written under {@link #sendLock}.
   */
  private volatile String schedulerNode;
  /** News refused (malformed, or not from the scheduler): counted, logged at most once a second per kind. */
  private final RejectionLog rejections = new RejectionLog(LOG, "client");
  /** Heartbeats and watches the scheduler; null until connected the first time. */
  private SchedulerWatch watch;
  /** How locks, queues, variables, events, datasets and topics reach the scheduler. */
  private final ClientChannel channel;

  private Client(Vertx vertx, LocalCluster owned) {
    this.vertx = vertx;
    this.owned = owned;
    this.nodeId = Membership.nodeId(vertx);
    this.options = WireCodec.options(nodeId);
    WireCodec.registerOn(vertx, Serializers.DEFAULT);
    this.inbox = vertx.eventBus().consumer(Addresses.client(id), this::onMessage);
    this.channel = new ClientChannel(this, vertx);
    Schedulers.clientCreated(this); // graphs: the newest client is the default scheduler
  }

  /** Starts an embedded {@link LocalCluster} with default settings and connects to it. */
  public static Client create() {
    LocalCluster cluster = LocalCluster.builder().build();
    try {
      return open(cluster.vertx(), cluster).await();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Connects to {@code cluster} (which the client does not close). Throws {@link WeftException}
   * when the cluster is closed.
   */
  public static Client connect(LocalCluster cluster) {
    if (cluster.isClosed()) {
      throw closedCluster("LocalCluster \"" + cluster.name() + "\" is closed", null);
    }
    return open(cluster.vertx(), null).await();
  }

  /** The error of connecting to a cluster that is closed (its Vert.x instance refuses new work). */
  private static WeftException closedCluster(String what, Throwable cause) {
    return new WeftException("cannot connect: " + what + "; a closed cluster takes no clients", cause);
  }

  /** Connects through {@code vertx}, on which a scheduler runs or which is clustered with one. */
  public static Future<Client> connect(Vertx vertx) {
    return open(vertx, null);
  }

  /**
   * Connects through {@code vertx}, clustered with a cluster that runs with TLS: {@code security}
   * must be the credentials {@code vertx}'s {@code EventBusOptions} were built with; the client uses
   * them for the data channel too (large results come over it).
   */
  public static Future<Client> connect(Vertx vertx, Security security) {
    dev.weft.protocol.tls.ClusterTls.register(vertx, security.material());
    return open(vertx, null);
  }

  /**
   * Joins a running cluster from this JVM and connects to its scheduler, waiting for it up to the
   * options' timeout (joining the cluster and connecting each get that long; then it fails with
   * {@link WeftException}); closing the client leaves the cluster. (The client joins as a full
   * Hazelcast member: a lite member cannot start before a data member exists.)
   */
  public static Client connect(ClientOptions options) {
    long millis = options.timeout().toMillis();
    Future<Vertx> joining = Clustering.start(options.join(), false, new VertxOptions(),
        options.security() == null ? null : options.security().material());
    Vertx vertx = joining.timeout(millis, TimeUnit.MILLISECONDS)
        .recover(e -> {
          joining.onSuccess(Vertx::close); // joined too late: leave again
          return Future.failedFuture(new WeftException("could not join cluster \"" + options.clusterName()
              + "\" within " + millis + " ms (" + options.describeJoin() + "): " + e.getMessage(), e));
        })
        .await();
    try {
      Client c = open(vertx, null, options.timeout())
          .timeout(millis + PROBE_MILLIS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.failedFuture(new WeftException("no scheduler answered in cluster \"" + options.clusterName()
              + "\" within " + millis + " ms (" + options.describeJoin() + "; joined it with "
              + (((io.vertx.core.internal.VertxInternal) vertx).clusterManager().getNodes().size() - 1)
              + " other member(s); asked " + Addresses.SCHEDULER + " every 50 ms): is a scheduler running"
              + " with WEFT_CLUSTER_NAME=" + options.clusterName() + "? " + e.getMessage(), e)))
          .await();
      c.ownedVertx = vertx;
      return c;
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /**
   * The client tasks use to submit subtasks ({@link WorkerContext#client()}): it lives as long as
   * its worker and never becomes the default scheduler of the JVM.
   */
  static Client forTasks(Vertx vertx) {
    Client c = open(vertx, null).await();
    Schedulers.clientClosed(c);
    return c;
  }

  private static Future<Client> open(Vertx vertx, LocalCluster owned) {
    return open(vertx, owned, Duration.ofSeconds(30));
  }

  /**
   * Registers the inbox, waits until the scheduler answers (which says hello), then heartbeats and
   * watches the scheduler for as long as the client is open.
   */
  private static Future<Client> open(Vertx vertx, LocalCluster owned, Duration timeout) {
    Client c;
    try {
      c = new Client(vertx, owned);
    } catch (RejectedExecutionException e) { // its Vert.x was closed (a closed cluster's, say)
      return Future.failedFuture(closedCluster("the cluster's Vert.x instance is closed", e));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    return c.inbox.completion()
        .compose(v -> c.awaitScheduler(deadline))
        .map(v -> {
          synchronized (c.sendLock) {
            if (!c.closed) {
              c.watch = new SchedulerWatch(vertx, c, c.nodeId, HEARTBEAT_MILLIS, SCHEDULER_SILENCE_MILLIS);
            }
          }
          return c;
        });
  }

  /** Asks the scheduler for its info until it answers (its address may still be propagating). */
  private Future<Void> awaitScheduler(long deadlineNanos) {
    return Retry.until(vertx, deadlineNanos, 50,
        () -> query(new Query(QueryKind.INFO, List.of()), PROBE_MILLIS).<Void>map(r -> {
          noteDashboard(r);
          return null;
        }), e -> new WeftException("no scheduler answered at " + Addresses.SCHEDULER, e));
  }

  /** The node of the scheduler this client is connected to; null while it has none. */
  String schedulerNode() {
    return schedulerNode;
  }

  /**
   * A scheduler on {@code node} answered: if the client has none, it says hello and is connected
   * again (new submissions work; futures of the lost scheduler stay cancelled).
   */
  void reconnect(String node) {
    synchronized (sendLock) {
      if (closed || schedulerNode != null) {
        return;
      }
      schedulerNode = node;
      send(new ClientHello(id, nodeId));
    }
  }

  /**
   * The scheduler is gone (or forgot this client): every future whose value is not held here is
   * cancelled with reason {@value KeyCancelled#SCHEDULER_CONNECTION_LOST}, within the time it
   * took to notice; until a scheduler answers again, new futures are cancelled at once.
   */
  void schedulerLost(String why) {
    List<FutureState> lost;
    synchronized (sendLock) {
      if (closed || schedulerNode == null) {
        return;
      }
      schedulerNode = null;
      lost = new ArrayList<>(states.values());
      states.clear();
    }
    LOG.log(Level.WARNING, "client " + id + " lost its scheduler (" + why + "); cancelling " + lost.size() + " futures");
    for (FutureState st : lost) {
      if (!(st.status() == FutureStatus.FINISHED && st.hasValue())) {
        st.cancelledByCluster(KeyCancelled.SCHEDULER_CONNECTION_LOST);
      }
    }
  }

  /**
   * How long one probe of a retry loop (waiting for the scheduler or for workers) waits for an
   * answer: a probe lost with a dying scheduler is soon retried.
   */
  private static final long PROBE_MILLIS = 5_000;
  /** How often the client heartbeats its scheduler. */
  static final long HEARTBEAT_MILLIS = 1_000;
  /** How long a scheduler may leave the client's heartbeats unanswered before it counts as lost. */
  static final long SCHEDULER_SILENCE_MILLIS = 30_000;
  private static final Logger LOG = System.getLogger(Client.class.getName());

  /** This client's id. */
  public String id() {
    return id;
  }

  /** True when every worker shares this JVM (a non-clustered Vert.x), so nothing is serialized. */
  boolean inProcess() {
    return !vertx.isClustered();
  }

  // ---------------------------------------------------------------- submitting

  @Override
  <R> TaskBuilder<R> newTask(Object fn, TaskFunction call, Object[] args) {
    return new TaskBuilder<>(this, fn, call, args);
  }

  /**
   * One task per element of {@code items}, in one message to the scheduler per
   * {@value #MAP_MESSAGE_TASKS} tasks.
   */
  public <A, R> List<TaskFuture<R>> map(Fn1<A, R> fn, Collection<? extends A> items) {
    FunctionInfo info = FunctionInfo.of(fn);
    TaskFunction call = new Calls.Call1<>(fn);
    Payload fnPayload = FunctionInfo.payload(fn, call, !inProcess());
    int priority = WorkerContext.subtaskPriority();
    TaskOptions options = priority == 0 ? TaskOptions.DEFAULT : new TaskOptions(priority, 0, List.of(), false, Map.of());
    List<TaskFuture<R>> futures = new ArrayList<>(items.size());
    List<TaskSpec> specs = new ArrayList<>(Math.min(items.size(), MAP_MESSAGE_TASKS));
    for (A item : items) {
      specs.add(spec(info, fnPayload, new Object[] {item}, options, null, true));
      if (specs.size() == MAP_MESSAGE_TASKS) {
        futures.addAll(this.<R>register(specs));
        specs = new ArrayList<>(MAP_MESSAGE_TASKS);
      }
    }
    if (!specs.isEmpty() || futures.isEmpty()) {
      futures.addAll(this.<R>register(specs));
    }
    return futures;
  }

  <R> TaskFuture<R> submitTask(Object fn, TaskFunction call, Object[] args, TaskOptions options, String key, boolean pure) {
    return this.<R>register(List.of(taskSpec(fn, call, args, options, key, pure))).get(0);
  }

  /** A task spec for {@code call} (the adapter of {@code fn}), its key derived unless given. */
  TaskSpec taskSpec(Object fn, TaskFunction call, Object[] args, TaskOptions options, String key, boolean pure) {
    return spec(FunctionInfo.of(fn), FunctionInfo.payload(fn, call, !inProcess()), args, options, key, pure);
  }

  /**
   * A task spec: {@link TaskFuture} arguments become {@link DependencyRef}s, and every
   * {@link DependencyRef} argument (given or converted) becomes a dependency.
   */
  private TaskSpec spec(FunctionInfo info, Payload fn, Object[] args, TaskOptions options, String key, boolean pure) {
    Object[] argv = args.clone();
    List<String> deps = List.of();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i] instanceof TaskFuture<?> f) {
        if (f.client() != this) {
          throw new IllegalArgumentException("argument " + i + " is a future of another client");
        }
        argv[i] = new DependencyRef(f.key());
      }
      if (argv[i] instanceof DependencyRef ref) {
        if (deps.isEmpty()) {
          deps = new ArrayList<>(2);
        }
        if (!deps.contains(ref.key())) {
          deps.add(ref.key());
        }
      }
    }
    String k = key != null ? key
        : pure ? Tokens.key(info.name(), info.token(), argv)
        : info.name() + "-" + UUID.randomUUID();
    return new TaskSpec(k, info.name(), fn, shippable(argv, "arguments"), deps, options);
  }

  /** Creates futures for {@code specs}, each wanted, and sends the tasks this client does not want yet. */
  private <R> List<TaskFuture<R>> register(List<TaskSpec> specs) {
    List<String> keys = new ArrayList<>(specs.size());
    for (TaskSpec spec : specs) {
      keys.add(spec.key());
    }
    return register(specs, keys);
  }

  /**
   * Sends a graph of tasks and returns futures on {@code wantedKeys} (in that order). The other
   * tasks of the graph run only as far as the wanted keys need them; tasks the scheduler already
   * knows are not run again.
   */
  <R> List<TaskFuture<R>> register(List<TaskSpec> specs, List<String> wantedKeys) {
    List<TaskFuture<R>> futures = new ArrayList<>(wantedKeys.size());
    List<String> newWants = new ArrayList<>(wantedKeys.size());
    synchronized (sendLock) {
      checkOpen();
      if (schedulerNode == null) {
        return disconnectedFutures(wantedKeys);
      }
      Set<String> doomed = onCancelled(specs);
      List<TaskSpec> toSend = new ArrayList<>(specs.size());
      for (TaskSpec spec : specs) {
        if (!states.containsKey(spec.key()) && !doomed.contains(spec.key())) {
          toSend.add(spec);
        }
      }
      for (String key : wantedKeys) {
        FutureState st = states.get(key);
        if (st == null && doomed.contains(key)) {
          st = new FutureState(key);
          st.cancelledByClient();
        } else if (st == null) {
          st = new FutureState(key);
          states.put(key, st);
          newWants.add(key);
        }
        futures.add(newFuture(st));
      }
      if (!newWants.isEmpty()) {
        send(new UpdateGraph(id, toSend, newWants));
      }
    }
    return futures;
  }

  /**
   * The keys of {@code specs} that depend, directly or through each other, on a key this client
   * has cancelled: as in dask, they are cancelled at once instead of running on a value the
   * client gave up. Called holding {@code sendLock}.
   */
  private Set<String> onCancelled(List<TaskSpec> specs) {
    Set<String> doomed = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (TaskSpec spec : specs) {
        if (doomed.contains(spec.key()) || states.containsKey(spec.key())) {
          continue;
        }
        for (String dep : spec.dependencies()) {
          FutureState st = states.get(dep);
          if (doomed.contains(dep) || (st != null && st.status() == FutureStatus.CANCELLED)) {
            grew = doomed.add(spec.key());
            break;
          }
        }
      }
    }
    return doomed;
  }

  /** Futures made while no scheduler is connected: cancelled at once, never sent. */
  private <R> List<TaskFuture<R>> disconnectedFutures(List<String> keys) {
    List<TaskFuture<R>> futures = new ArrayList<>(keys.size());
    for (String key : keys) {
      FutureState st = new FutureState(key);
      st.cancelledByCluster(KeyCancelled.SCHEDULER_CONNECTION_LOST);
      futures.add(newFuture(st));
    }
    return futures;
  }

  private <R> TaskFuture<R> newFuture(FutureState st) {
    synchronized (st) {
      st.refs++;
    }
    return new TaskFuture<>(this, st);
  }

  // ---------------------------------------------------------------- graphs: Delayed, Graph, compute, persist, get

  /**
   * Computes {@code delayed} on the cluster: its whole graph goes to the scheduler in one message
   * (tasks the cluster already holds are not run again); returns at once.
   */
  public <T> TaskFuture<T> compute(Delayed<T> delayed) {
    return GraphSubmission.compute(this, delayed);
  }

  /**
   * Computes {@code delayed} on the cluster and returns a {@link Delayed} backed by the result,
   * which stays on a worker while the returned object is reachable; {@code Delayed}s built on it
   * use its key as an edge instead of computing it again. Returns at once.
   */
  public <T> Delayed<T> persist(Delayed<T> delayed) {
    return Delayed.persisted(compute(delayed));
  }

  /**
   * The values of {@code keys} of a raw task graph, by key in the order given; only the tasks they
   * need run, and nothing of the graph is kept on the cluster afterwards (unless held otherwise).
   */
  public Future<Map<String, Object>> get(Graph graph, Collection<String> keys) {
    return GraphSubmission.get(this, graph, keys);
  }

  // ---------------------------------------------------------------- waiting helpers and facades

  /** The futures in completion order, blocking while iterated; more may be {@code add}ed (dask's {@code as_completed}). */
  public <T> AsCompleted<T> asCompleted(Collection<TaskFuture<T>> futures) {
    return new AsCompleted<>(futures);
  }

  /** Completes once all (or the first) of {@code futures} are done, with which are done (dask's {@code wait}). */
  public <T> Future<DoneAndNotDone<T>> waitFor(Collection<TaskFuture<T>> futures, ReturnWhen when) {
    return Waiting.start(vertx, futures, when, null);
  }

  /** As {@link #waitFor(Collection, ReturnWhen)}, failing with {@link WeftTimeoutException} after {@code timeout}. */
  public <T> Future<DoneAndNotDone<T>> waitFor(Collection<TaskFuture<T>> futures, ReturnWhen when, java.time.Duration timeout) {
    return Waiting.start(vertx, futures, when, java.util.Objects.requireNonNull(timeout, "timeout"));
  }

  /** The RxJava 3 facade: the same calls, returning cold {@code Single}/{@code Completable}/{@code Flowable}. */
  public dev.weft.client.rx.RxClient rx() {
    return new dev.weft.client.rx.RxClient(this);
  }

  /** A new {@link ExecutorService} running {@code Callable}s and {@code Runnable}s as Weft tasks. */
  public WeftExecutorService executor() {
    return new WeftExecutorService(this, inProcess());
  }

  /**
   * Keeps {@code future}'s task running until it is done even after every future on it is
   * released (dask's {@code fire_and_forget}): the scheduler holds a want for it on behalf of
   * the pseudo-client {@link UpdateGraph#FIRE_AND_FORGET}.
   */
  public void fireAndForget(TaskFuture<?> future) {
    if (future.client() != this) {
      throw new IllegalArgumentException("future " + future.key() + " belongs to another client");
    }
    synchronized (sendLock) {
      checkOpen();
      if (schedulerNode != null) {
        send(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of(future.key())));
      }
    }
  }

  /**
   * Submits {@code call} as an impure task without serializing it (no {@link FunctionInfo}): only
   * for in-process clusters, where payloads travel by reference.
   */
  <R> TaskFuture<R> submitUnserialized(String name, TaskFunction call) {
    TaskSpec spec = new TaskSpec(name + "-" + UUID.randomUUID(), name, Payload.of(call),
        Payload.of(new Object[0]), List.of(), TaskOptions.DEFAULT);
    return this.<R>register(List.of(spec)).get(0);
  }

  // ---------------------------------------------------------------- data

  /** The values of {@code futures}, in the order given. */
  public <T> Future<List<T>> gather(Collection<TaskFuture<T>> futures) {
    List<Future<T>> values = new ArrayList<>(futures.size());
    for (TaskFuture<T> f : futures) {
      values.add(f.future());
    }
    return Future.all(values).map(all -> {
      List<T> out = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        out.add(all.resultAt(i));
      }
      return out;
    });
  }

  /** Places {@code value} on a worker; the future is finished once it is there. */
  public <T> TaskFuture<T> scatter(T value) {
    return scatter(value, ScatterOptions.defaults());
  }

  /** Places {@code value} on a worker, or on every worker with {@link ScatterOptions#broadcast()}. */
  public <T> TaskFuture<T> scatter(T value, ScatterOptions options) {
    List<T> one = new ArrayList<>(1);
    one.add(value);
    return scatter(one, options).get(0);
  }

  /** Places each value on a worker, spread over the workers. */
  public <T> List<TaskFuture<T>> scatter(List<T> values) {
    return scatter(values, ScatterOptions.defaults());
  }

  /** Places each value on a worker (or every worker with {@link ScatterOptions#broadcast()}). */
  public <T> List<TaskFuture<T>> scatter(List<T> values, ScatterOptions options) {
    List<TaskFuture<T>> futures = new ArrayList<>(values.size());
    Map<String, Payload> data = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(values.size());
    for (T v : values) {
      String type = v == null ? "null" : v.getClass().getSimpleName().toLowerCase();
      keys.add(Tokens.key(type, 0, new Object[] {v}));
    }
    synchronized (sendLock) {
      checkOpen();
      if (schedulerNode == null) {
        return disconnectedFutures(keys);
      }
      for (int i = 0; i < values.size(); i++) {
        T v = values.get(i);
        String key = keys.get(i);
        FutureState st = states.get(key);
        if (st == null || options.isBroadcast()) {
          if (st == null) {
            st = FutureState.withLocalValue(key, v);
            states.put(key, st);
          }
          data.put(key, shippable(v, "scattered value"));
        }
        futures.add(newFuture(st));
      }
      if (!data.isEmpty()) {
        send(new ScatterData(id, data, options.isBroadcast()));
      }
    }
    return futures;
  }

  /**
   * {@code value} as a payload; between JVMs serialized now, so that a value that cannot be
   * shipped fails the call with {@link SerializationException} naming its class instead of
   * failing later, unseen, on an event loop.
   */
  Payload shippable(Object value, String what) {
    if (inProcess()) {
      return Payload.of(value);
    }
    try {
      return Payload.of(value, Serializers.DEFAULT.serialize(value));
    } catch (UnserializableValueException e) {
      throw new SerializationException(what + " of " + (value == null ? "null" : value.getClass().getName()),
          e.offendingClass(), e);
    }
  }

  /**
   * Cancels {@code futures} and, for this client, everything depending on them (dask's
   * {@code cancel}): each becomes CANCELLED even if it had finished or failed, this client's
   * interest in its value is dropped (the value is freed unless another client wants it), and a
   * task submitted on it afterwards is cancelled too. {@link TaskFuture#cancel(boolean)} keeps
   * {@code java.util.concurrent.Future}'s rule instead: a done future stays done.
   */
  public Future<Void> cancel(Collection<? extends TaskFuture<?>> futures) {
    List<FutureState> changed = new ArrayList<>(futures.size());
    for (TaskFuture<?> f : futures) {
      if (f.state().cancelledByClient()) {
        changed.add(f.state());
      }
    }
    askToCancel(changed);
    return Future.succeededFuture();
  }

  /** Marks the key cancelled here and asks the scheduler to cancel it; false if already done. */
  boolean cancelLocally(FutureState st) {
    if (!st.cancelled(KeyCancelled.CANCELLED)) {
      return false;
    }
    askToCancel(List.of(st));
    return true;
  }

  /** Asks the scheduler, in one message, to cancel for this client the keys of {@code cancelled} it still tracks. */
  private void askToCancel(List<FutureState> cancelled) {
    synchronized (sendLock) {
      List<String> keys = new ArrayList<>(cancelled.size());
      for (FutureState st : cancelled) {
        if (states.get(st.key) == st) {
          keys.add(st.key);
        }
      }
      if (!closed && !keys.isEmpty()) {
        send(new CancelKeys(id, keys));
      }
    }
  }

  /** The value of a done key: held here, or fetched from a worker holding it. */
  @SuppressWarnings("unchecked")
  <T> Future<T> valueOf(FutureState st) {
    return switch (st.status()) {
      case ERROR -> Future.failedFuture(RemoteErrors.toException(st.key, st.error()));
      case CANCELLED -> Future.failedFuture(new CancelledTaskException(st.key, st.cancelReason()));
      default -> st.hasValue() ? Future.succeededFuture((T) st.value()) : (Future<T>) fetch(st.key, st.workers(), 0);
    };
  }

  /** A holder answered that it does not hold the value. */
  private static final class MissingHere extends Exception {
    MissingHere() {
      super(null, null, false, false);
    }
  }

  /** Times a holder whose answer failed is asked for a value before the next holder. */
  private static final int FETCH_TRIES = 3;
  /** Pause before asking a holder again, times the tries so far. */
  private static final long FETCH_RETRY_MILLIS = 500;

  /**
   * The value of {@code key} from its holders in turn. A holder that answers it does not hold the
   * key is skipped; one whose answer fails (busy, short of memory) is asked again after a pause,
   * up to {@link #FETCH_TRIES} times, before the next holder. Fails naming the last cause.
   */
  private Future<Object> fetch(String key, List<String> holders, int attempt) {
    return fetch(key, holders, attempt, 1, null);
  }

  private Future<Object> fetch(String key, List<String> holders, int attempt, int tries, Throwable lastFailure) {
    if (attempt >= holders.size()) {
      return Future.failedFuture(lastFailure == null
          ? new WeftException("no worker holds " + key + " any more")
          : new WeftException("could not fetch " + key + " from " + holders + ": " + lastFailure.getMessage(), lastFailure));
    }
    if (attempt == 0 && tries == 1) {
      fetches.incrementAndGet();
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    java.util.function.Function<Throwable, Future<Object>> retry = failure -> tries < FETCH_TRIES
        ? vertx.timer(FETCH_RETRY_MILLIS * tries).compose(t -> fetch(key, holders, attempt, tries + 1, failure))
        : fetch(key, holders, attempt + 1, 1, failure);
    String holder = holders.get(attempt);
    return fetchLimiter.run(holder, () -> vertx.eventBus().<Message>request(Addresses.worker(holder), new GetData(List.of(key)), options)
        .compose(reply -> {
          if (reply.body() instanceof DataReply data && data.data().containsKey(key)) {
            return Future.succeededFuture(data.data().get(key).value());
          }
          if (reply.body() instanceof DataReply data && data.tickets().containsKey(key)) { // large: direct channel
            return DataChannel.fetchValue(vertx, data.tickets().get(key), Serializers.DEFAULT, loader);
          }
          return Future.<Object>failedFuture(new MissingHere());
        }))
        .recover(failure -> failure instanceof MissingHere ? fetch(key, holders, attempt + 1, 1, lastFailure) : retry.apply(failure));
  }

  // ---------------------------------------------------------------- cluster information

  /**
   * Runs {@code fn} once on every worker (outside its task slots) and returns each result by
   * worker name; fails with the first worker's exception if any throws (dask's {@code run}).
   */
  @SuppressWarnings("unchecked")
  public <R> Future<Map<String, R>> run(Fn0<R> fn) {
    FunctionInfo.of(fn);
    Payload call = Payload.of(new Calls.Call0<>(fn));
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Broadcast(id, call), options)
        .recover(e -> Future.failedFuture(new WeftException("run failed: " + e.getMessage(), e)))
        .compose(reply -> {
          Map<String, R> out = new java.util.TreeMap<>();
          for (RunResult r : ((RunResults) reply.body()).results()) {
            if (r.error() != null) {
              return Future.failedFuture(new RemoteTaskException("run on " + r.workerId(), RemoteErrors.original(r.error())));
            }
            out.put(r.workerId(), (R) r.value().value());
          }
          return Future.succeededFuture(out);
        });
  }

  /** Key → names of the workers holding it, for every key in memory. */
  public Future<Map<String, List<String>>> whoHas() {
    return query(new Query(QueryKind.WHO_HAS, List.of())).map(r -> ((Locations) r).entries());
  }

  /** Key → names of the workers holding it, for these futures. */
  public Future<Map<String, List<String>>> whoHas(Collection<? extends TaskFuture<?>> futures) {
    List<String> keys = futures.stream().map(TaskFuture::key).toList();
    return query(new Query(QueryKind.WHO_HAS, keys)).map(r -> ((Locations) r).entries());
  }

  /** Worker name → keys it holds. */
  public Future<Map<String, List<String>>> hasWhat() {
    return query(new Query(QueryKind.HAS_WHAT, List.of())).map(r -> ((Locations) r).entries());
  }

  /**
   * Completes once the cluster has at least {@code n} workers (dask's {@code wait_for_workers});
   * fails after {@code timeout} with a {@link WeftTimeoutException} saying how many of the
   * {@code n} arrived in that time.
   */
  public Future<Void> waitForWorkers(int n, Duration timeout) {
    return untilWorkers(n, System.nanoTime() + timeout.toNanos(), timeout);
  }

  private Future<Void> untilWorkers(int n, long deadlineNanos, Duration timeout) {
    int[] seen = {-1}; // workers in the last answer; -1 before any
    return Retry.until(vertx, deadlineNanos, 50,
        () -> query(new Query(QueryKind.INFO, List.of()), PROBE_MILLIS).compose(r -> {
          seen[0] = ((SchedulerSnapshot) r).workers().size();
          return seen[0] >= n ? Future.<Void>succeededFuture() : Future.<Void>failedFuture("not yet");
        }),
        e -> new WeftTimeoutException(seen[0] < 0
            ? "waitForWorkers: the scheduler did not answer within " + timeout.toMillis() + " ms (" + e.getMessage() + "); "
                + n + " workers wanted"
            : "waitForWorkers: only " + seen[0] + " of " + n + " workers arrived within " + timeout.toMillis() + " ms"));
  }

  /** Worker name → threads. */
  public Future<Map<String, Integer>> nthreads() {
    return schedulerInfo().map(info -> {
      Map<String, Integer> out = new LinkedHashMap<>();
      info.workers().forEach((name, w) -> out.put(name, w.nthreads()));
      return out;
    });
  }

  /** The scheduler's address, workers and task counts. */
  public Future<SchedulerInfo> schedulerInfo() {
    return query(new Query(QueryKind.INFO, List.of())).map(r -> toInfo((SchedulerSnapshot) r));
  }

  /**
   * Sends a jar to every worker, present and future: its classes become available to tasks there
   * (for functions and values whose classes the workers' classpath lacks). Completes once the
   * scheduler has forwarded it; tasks submitted afterwards see the classes.
   */
  public Future<Void> uploadJar(Path jar) {
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(jar);
    } catch (java.io.IOException e) {
      return Future.failedFuture(new WeftException("cannot read " + jar, e));
    }
    return vertx.eventBus().request(Addresses.SCHEDULER,
        new UploadJar(jar.getFileName().toString(), Payload.of(bytes)), options)
        .recover(e -> Future.failedFuture(new WeftException("uploadJar failed: " + e.getMessage(), e)))
        .mapEmpty();
  }

  /** The scheduler's logged transitions of {@code key}, oldest first, one line each (dask's {@code story}). */
  public Future<List<String>> story(String key) {
    return query(new Query(QueryKind.STORY, List.of(key))).map(r -> ((dev.weft.protocol.Story) r).transitions());
  }

  /**
   * The URL of the scheduler's dashboard, e.g. {@code http://127.0.0.1:8787/status}; null when it
   * serves none. Off an event loop, asks the scheduler again while it has not told one (its
   * dashboard starts beside it).
   */
  public String dashboardLink() {
    if (dashboardLink == null && !io.vertx.core.Context.isOnEventLoopThread()) {
      noteDashboard(query(new Query(QueryKind.INFO, List.of())).timeout(30, java.util.concurrent.TimeUnit.SECONDS)
          .otherwiseEmpty().await());
    }
    return dashboardLink;
  }

  /** Remembers the dashboard URL an INFO answer names, if any. */
  private void noteDashboard(Message info) {
    if (info instanceof SchedulerSnapshot s && !s.dashboardLink().isEmpty()) {
      dashboardLink = s.dashboardLink();
    }
  }

  /**
   * The task executions of the last {@code since} (as far as the scheduler still keeps them: its
   * last 100,000), oldest first; dask's {@code get_task_stream}.
   */
  public Future<List<TaskRecord>> getTaskStream(Duration since) {
    long from = System.currentTimeMillis() - since.toMillis();
    return query(new TaskStreamQuery(from)).map(r -> ((TaskStreamReply) r).runs().stream()
        .map(t -> new TaskRecord(t.key(), t.prefix(), t.worker(), t.lane(), Instant.ofEpochMilli(t.startMillis()),
            Instant.ofEpochMilli(t.stopMillis()), t.ok()))
        .toList());
  }

  static SchedulerInfo toInfo(SchedulerSnapshot s) {
    Map<String, WorkerInfo> workers = new java.util.TreeMap<>();
    for (WorkerSnapshot w : s.workers()) {
      workers.put(w.name(), new WorkerInfo(w.name(), w.nthreads(), w.memoryLimit(), w.resources(),
          w.processing(), w.keysInMemory(), w.bytesInMemory(), w.storedKeys(), w.status(), w.pauseReason(),
          w.managedBytes(), w.unmanagedBytes(), w.spilledBytes(), w.spilledKeys()));
    }
    return new SchedulerInfo(s.address(), workers, s.tasksByState());
  }

  /** Asks the scheduler; an INFO answer while disconnected reconnects (as a heartbeat's would). */
  private Future<Message> query(ToScheduler q) {
    return query(q, DeliveryOptions.DEFAULT_TIMEOUT);
  }

  /** As {@link #query(ToScheduler)}, waiting at most {@code timeoutMillis} for the answer. */
  Future<Message> query(ToScheduler q, long timeoutMillis) {
    DeliveryOptions o = new DeliveryOptions(options).setSendTimeout(timeoutMillis);
    return vertx.eventBus().<Message>request(Addresses.SCHEDULER, q, o).map(reply -> {
      if (reply.body() instanceof SchedulerSnapshot s) {
        reconnect(s.nodeId());
      }
      return reply.body();
    });
  }

  // ---------------------------------------------------------------- inbox and references

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
      deliver(m);
    }
  }

  private void deliver(Message m) {
    if (m instanceof KeyInMemory k) {
      FutureState st = states.get(k.key());
      if (st != null) {
        Object inline = null;
        boolean held = k.inline() != null;
        if (held) {
          try {
            inline = k.inline().value();
          } catch (RuntimeException undecodable) { // fetched again from a worker on result(), failing there clearly
            held = false;
          }
        }
        st.finished(inline, held, k.workers());
      }
    } else if (m instanceof KeyErred k) {
      FutureState st = states.get(k.key());
      if (st != null) {
        st.erred(k.error());
      }
    } else if (m instanceof KeyCancelled k) {
      FutureState st = states.get(k.key());
      if (st != null) {
        st.cancelledByCluster(k.reason());
      }
    } else if (m instanceof KeyLost k) {
      FutureState st = states.get(k.key());
      if (st != null) {
        st.lost();
      }
    }
  }

  /** One future on {@code st} was released or collected: release the key when it was the last. */
  void dropReference(FutureState st) {
    synchronized (sendLock) {
      boolean last;
      synchronized (st) {
        last = --st.refs == 0;
      }
      if (last && states.remove(st.key, st) && !closed) {
        send(new ReleaseKeys(id, List.of(st.key)));
      }
    }
  }

  /** Values fetched from workers by this client so far. */
  long fetches() {
    return fetches.get();
  }

  Executor callbackExecutor() {
    return callbacks;
  }

  private void send(ToScheduler message) {
    vertx.eventBus().send(Addresses.SCHEDULER, message, options);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("client " + id + " is closed");
    }
  }

  /** Leaves the cluster (its keys are released) and closes the cluster if this client started it. */
  @Override
  public void close() {
    synchronized (sendLock) {
      if (closed) {
        return;
      }
      if (schedulerNode != null) {
        send(new ClientGoodbye(id));
      }
      closed = true;
      if (watch != null) {
        watch.close();
      }
    }
    Schedulers.clientClosed(this); // graphs: the previous default scheduler is restored
    inbox.unregister();
    channel.close();
    callbacks.shutdown();
    if (owned != null) {
      owned.close();
    }
    if (ownedVertx != null) {
      ownedVertx.close().await();
    }
  }

  @Override
  public dev.weft.client.coordination.SchedulerChannel coordinationChannel() {
    return channel;
  }

  @Override
  public String toString() {
    return "<Client: " + id + ">";
  }
}
