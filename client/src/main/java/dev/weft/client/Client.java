package dev.weft.client;

import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import dev.weft.protocol.tls.ClusterTls;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.client.rx.RxClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Submits work to a Weft cluster and tracks the futures of its results (dask's {@code Client}).
 * {@link #create()} starts an embedded {@link LocalCluster} owned by the client;
 * {@link #connect(LocalCluster)} attaches to an existing one. Asynchronous calls return Vert.x
 * {@link Future}s; {@code submit}, {@code map} and {@code scatter} return at once. Thread-safe.
 *
 * <p>It delegates by responsibility: {@link SchedulerConnection} (its context, inbox, sends,
 * queries, heartbeats), {@link ClientFutures} (its futures, kept by a pure state machine on that
 * context), {@link TaskSpecs} (what is sent), {@link ResultFetcher} (values from workers) and
 * {@link ClusterQueries} (what is asked of the cluster).
 */
public final class Client extends ClusterApi implements AutoCloseable, CoordinationApi {

  /** How long {@link #close()} waits, off an event loop, for its goodbye to be sent. */
  private static final long CLOSE_MILLIS = 10_000;

  private final Vertx vertx;
  private final String id = "client-" + UUID.randomUUID();
  /** Closes what this client started and closes with it: its cluster, or the Vert.x it joined one with. */
  private final Runnable closeOwned;
  private final SchedulerConnection connection;
  private final ClientFutures futures;
  private final TaskSpecs specs;
  private final ResultFetcher fetcher;
  private final ClusterQueries queries;
  /** How locks, queues, variables, events, datasets and topics reach the scheduler. */
  private final ClientChannel channel;

  private Client(Vertx vertx, Runnable closeOwned) {
    this.vertx = vertx;
    this.closeOwned = closeOwned;
    WireCodec.registerOn(vertx, Serializers.DEFAULT);
    this.connection = new SchedulerConnection(vertx, id);
    this.futures = new ClientFutures(this, connection);
    this.specs = new TaskSpecs(this, vertx.isClustered());
    this.fetcher = new ResultFetcher(vertx, connection);
    this.queries = new ClusterQueries(vertx, connection);
    this.channel = new ClientChannel(this, vertx);
  }

  /** Starts an embedded {@link LocalCluster} with default settings and connects to it. */
  public static Client create() {
    LocalCluster cluster = LocalCluster.builder().build();
    try {
      return open(cluster.vertx(), cluster::close, Duration.ofSeconds(30)).await();
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
    return connect(cluster.vertx()).await();
  }

  /** Connects through {@code vertx}, on which a scheduler runs or which is clustered with one. */
  public static Future<Client> connect(Vertx vertx) {
    return open(vertx, () -> { }, Duration.ofSeconds(30));
  }

  /**
   * Connects through {@code vertx}, clustered with a cluster that runs with TLS: {@code security}
   * must be the credentials {@code vertx}'s {@code EventBusOptions} were built with; the client uses
   * them for the data channel too (large results come over it).
   */
  public static Future<Client> connect(Vertx vertx, Security security) {
    ClusterTls.register(vertx, security.material());
    return connect(vertx);
  }

  /**
   * Joins a running cluster from this JVM and connects to its scheduler, waiting for it up to the
   * options' timeout (joining the cluster and connecting each get that long; then it fails with
   * {@link WeftException}); closing the client leaves the cluster. (The client joins as a full
   * Hazelcast member: a lite member cannot start before a data member exists.)
   */
  public static Client connect(ClientOptions options) {
    return options.connect();
  }

  /**
   * The client tasks use to submit subtasks ({@link WorkerContext#client()}): it lives as long as
   * its worker and never becomes the default scheduler of the JVM.
   */
  static Client forTasks(Vertx vertx) {
    Client c = connect(vertx).await();
    Schedulers.clientClosed(c);
    return c;
  }

  /**
   * A client on {@code vertx}, connected once the scheduler answers (within {@code timeout}); the
   * newest client becomes the default scheduler of graphs. Closing it runs {@code closeOwned}.
   */
  static Future<Client> open(Vertx vertx, Runnable closeOwned, Duration timeout) {
    Client c;
    Future<Message> answered;
    try {
      c = new Client(vertx, closeOwned);
      answered = c.connection.start(c.futures, System.nanoTime() + timeout.toNanos());
    } catch (RejectedExecutionException | WeftException closedVertx) { // its Vert.x was closed (a closed cluster's, say)
      return Future.failedFuture(closedCluster("the cluster's Vert.x instance is closed", closedVertx));
    }
    Schedulers.clientCreated(c);
    return answered.map(info -> {
      c.queries.noteDashboard(info);
      return c;
    }).onFailure(e -> {
      Schedulers.clientClosed(c);
      c.connection.close();
    });
  }

  /** The error of connecting to a cluster that is closed (its Vert.x instance refuses new work). */
  private static WeftException closedCluster(String what, Throwable cause) {
    return new WeftException("cannot connect: " + what + "; a closed cluster takes no clients", cause);
  }

  /** This client's id. */
  public String id() {
    return id;
  }

  // ---------------------------------------------------------------- submitting

  @Override
  <R> TaskBuilder<R> newTask(Object fn, TaskFunction call, Object[] args) {
    return new TaskBuilder<>(this, fn, call, args);
  }

  /** One task per element of {@code items}, in one message to the scheduler per {@value TaskSpecs#MAP_MESSAGE_TASKS} tasks. */
  public <A, R> List<TaskFuture<R>> map(Fn1<A, R> fn, Collection<? extends A> items) {
    List<TaskFuture<R>> out = new ArrayList<>(items.size());
    specs.map(fn, items, chunk -> out.addAll(register(chunk, chunk.stream().map(TaskSpec::key).toList())));
    return out;
  }

  <R> TaskFuture<R> submitTask(Object fn, TaskFunction call, Object[] args, TaskOptions options, String key, boolean pure) {
    TaskSpec spec = specs.spec(fn, call, args, options, key, pure);
    return futures.<R>register(List.of(spec), List.of(spec.key()), TaskSpecs.onCancelledFuture(args)).get(0);
  }

  /** A task spec for {@code call} (the adapter of {@code fn}), its key derived unless given. */
  TaskSpec taskSpec(Object fn, TaskFunction call, Object[] args, TaskOptions options, String key, boolean pure) {
    return specs.spec(fn, call, args, options, key, pure);
  }

  /**
   * Sends a graph of tasks and returns futures on {@code wantedKeys} (in that order). The other
   * tasks of the graph run only as far as the wanted keys need them; tasks the scheduler already
   * knows are not run again.
   */
  <R> List<TaskFuture<R>> register(List<TaskSpec> specs, List<String> wantedKeys) {
    return futures.register(specs, wantedKeys, false);
  }

  /**
   * Submits {@code call} as an impure task without serializing it (no {@link FunctionInfo}): only
   * for in-process clusters, where payloads travel by reference.
   */
  <R> TaskFuture<R> submitUnserialized(String name, TaskFunction call) {
    TaskSpec spec = TaskSpecs.unserialized(name, call);
    return this.<R>register(List.of(spec), List.of(spec.key())).get(0);
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
  public <T> Future<DoneAndNotDone<T>> waitFor(Collection<TaskFuture<T>> futures, ReturnWhen when, Duration timeout) {
    return Waiting.start(vertx, futures, when, Objects.requireNonNull(timeout, "timeout"));
  }

  /** The RxJava 3 facade: the same calls, returning cold {@code Single}/{@code Completable}/{@code Flowable}. */
  public RxClient rx() {
    return new RxClient(this);
  }

  /** A new {@link java.util.concurrent.ExecutorService} running {@code Callable}s and {@code Runnable}s as Weft tasks. */
  public WeftExecutorService executor() {
    return new WeftExecutorService(this, !vertx.isClustered());
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
    futures.fireAndForget(future.key());
  }

  // ---------------------------------------------------------------- data

  /** The values of {@code futures}, in the order given. */
  public <T> Future<List<T>> gather(Collection<TaskFuture<T>> futures) {
    List<Future<T>> values = futures.stream().map(TaskFuture::future).toList();
    return Future.all(values).map(all -> all.<T>list());
  }

  /** Places {@code value} on a worker; the future is finished once it is there. */
  public <T> TaskFuture<T> scatter(T value) {
    return scatter(value, ScatterOptions.defaults());
  }

  /** Places {@code value} on a worker, or on every worker with {@link ScatterOptions#broadcast()}. */
  public <T> TaskFuture<T> scatter(T value, ScatterOptions options) {
    return scatter(java.util.Collections.singletonList(value), options).get(0);
  }

  /** Places each value on a worker, spread over the workers. */
  public <T> List<TaskFuture<T>> scatter(List<T> values) {
    return scatter(values, ScatterOptions.defaults());
  }

  /** Places each value on a worker (or every worker with {@link ScatterOptions#broadcast()}). */
  public <T> List<TaskFuture<T>> scatter(List<T> values, ScatterOptions options) {
    List<T> copy = new ArrayList<>(values);
    List<Payload> payloads = copy.stream().map(v -> specs.shippable(v, "scattered value")).toList();
    return futures.scatter(TaskSpecs.scatterKeys(copy), copy, payloads, options.isBroadcast());
  }

  /**
   * Cancels {@code futures} and, for this client, everything depending on them (dask's
   * {@code cancel}): each becomes CANCELLED even if it had finished or failed, this client's
   * interest in its value is dropped (the value is freed unless another client wants it), and a
   * task submitted on it afterwards is cancelled too. A running task finishes, its result dropped
   * ({@link #cancel(Collection, boolean)} interrupts it). {@link TaskFuture#cancel(boolean)} keeps
   * {@code java.util.concurrent.Future}'s rule instead: a done future stays done.
   */
  public Future<Void> cancel(Collection<? extends TaskFuture<?>> futures) {
    return cancel(futures, false);
  }

  /**
   * As {@link #cancel(Collection)}; with {@code force} ({@code Future}'s {@code mayInterruptIfRunning};
   * dask's {@code force} cancels for every client instead), a task the scheduler lets go while it
   * runs has its thread interrupted and {@link WorkerContext#cancelled()} turns true in it; one
   * another client wants runs on. One that ignores the interrupt keeps its thread to its end.
   */
  public Future<Void> cancel(Collection<? extends TaskFuture<?>> futures, boolean force) {
    this.futures.cancel(futures, force);
    return Future.succeededFuture();
  }

  /**
   * Computes erred {@code futures} again, with the erred tasks they stem from and every erred task
   * downstream of those (dask's {@code retry}): each reads PENDING at once and then finishes or
   * errs anew. Futures that did not err are left alone. Completes once the scheduler was asked.
   */
  public Future<Void> retry(Collection<? extends TaskFuture<?>> futures) {
    return this.futures.retry(futures);
  }

  // ---------------------------------------------------------------- for the package

  @Override
  ClusterQueries queries() {
    return queries;
  }

  /** Asks the scheduler (after what this client sent before) and completes with its answer; for the package's requests. */
  Future<Message> query(ToScheduler question) {
    return connection.query(question);
  }

  /** As {@link #query(ToScheduler)}, waiting at most {@code timeoutMillis} for the answer. */
  Future<Message> query(ToScheduler question, long timeoutMillis) {
    return connection.query(question, timeoutMillis);
  }

  /** Sends {@code message} to the scheduler after everything this client decided to send before it. */
  void tell(ToScheduler message) {
    connection.tryRun(() -> connection.send(message));
  }

  /** The node of the scheduler this client is connected to; null while it has none. */
  String schedulerNode() {
    return connection.schedulerNode();
  }

  /** {@code value} as it travels to the scheduler and workers, or a clear error when it cannot. */
  Payload shippable(Object value, String what) {
    return specs.shippable(value, what);
  }

  @Override
  public dev.weft.client.coordination.SchedulerChannel coordinationChannel() {
    return channel;
  }

  /** The Vert.x instance this client runs on; for the package's requests. */
  Vertx vertx() {
    return vertx;
  }

  ClientFutures futures() {
    return futures;
  }

  ResultFetcher fetcher() {
    return fetcher;
  }

  /**
   * Leaves the cluster and closes the cluster if this client started it. Its keys are released:
   * off an event loop it waits (a while) for its goodbye to be sent after everything before it.
   */
  @Override
  public void close() {
    Future<Void> goodbye = connection.close();
    Schedulers.clientClosed(this); // graphs: the previous default scheduler is restored
    channel.close();
    if (!Context.isOnEventLoopThread()) {
      goodbye.timeout(CLOSE_MILLIS, TimeUnit.MILLISECONDS).otherwiseEmpty().await();
    }
    futures.shutdown();
    closeOwned.run();
  }

  @Override
  public String toString() {
    return "<Client: " + id + ">";
  }
}
