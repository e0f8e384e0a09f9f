package dev.weft.client;

import com.hazelcast.config.Config;
import dev.weft.protocol.MemoryLimit;
import dev.weft.worker.state.MemorySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.weft.scheduler.state.SchedulerConfig;
import dev.weft.scheduler.verticle.BlockedHandlers;
import dev.weft.worker.nanny.JvmMemory;

/**
 * Settings of a {@link LocalCluster}, named as dask's {@code LocalCluster(...)} keywords. Invalid
 * values fail {@link #build()} with an {@link IllegalArgumentException} naming the key.
 */
public final class LocalClusterBuilder {

  private String name = LocalCluster.defaultName();
  /** True until {@link #name} is called: the name is the one made up at random. */
  private boolean nameMadeUp = true;
  private Integer nWorkers;
  private Integer threadsPerWorker;
  private boolean processes;
  /** The host bound when none is given. */
  private static final String DEFAULT_HOST = "127.0.0.1";

  private String host = DEFAULT_HOST;
  private int schedulerPort;
  /** The user's Hazelcast configuration file; null: Weft's (at most one of this and {@link #hazelcastConfig}). */
  private Path hazelcastFile;
  /** The user's Hazelcast configuration; null: Weft's. */
  private Config hazelcastConfig;
  private String dashboardAddress = ":8787";
  private String workerDashboardAddress;
  private boolean silenceLogs;
  private Security security;
  private String protocol;
  private List<String> blockedHandlers = List.of();
  private String interfaceName;
  private String memoryLimit = "auto";
  private double memoryTarget = MemorySettings.DEFAULT.target();
  private double memorySpill = MemorySettings.DEFAULT.spill();
  private double memoryPause = MemorySettings.DEFAULT.pause();
  private Path localDirectory;
  private String maxSpill = "0";
  private Map<String, Double> resources = Map.of();
  private boolean validate = Boolean.getBoolean("weft.validate");
  private double workerSaturation = 1.1;
  private boolean workStealing = true;
  private boolean fairShare = true;
  private int allowedFailures = SchedulerConfig.defaults().allowedFailures();
  private java.time.Duration leaseTimeout = java.time.Duration.ofMillis(SchedulerConfig.defaults().leaseTimeoutMillis());
  private Vertx vertx;

  LocalClusterBuilder() {}

  /** The cluster's name (default: "weft-" and a random suffix). */
  public LocalClusterBuilder name(String name) {
    this.name = name;
    this.nameMadeUp = false;
    return this;
  }

  /** Number of workers (default: 1 in-process). */
  public LocalClusterBuilder nWorkers(int n) {
    this.nWorkers = n;
    return this;
  }

  /** Threads per worker (default: all cores divided among the workers). */
  public LocalClusterBuilder threadsPerWorker(int n) {
    this.threadsPerWorker = n;
    return this;
  }

  /** False (default): workers in this JVM; true: one JVM per worker, each under a nanny. */
  public LocalClusterBuilder processes(boolean processes) {
    this.processes = processes;
    return this;
  }

  /**
   * The address the scheduler and workers bind (loopback by default) with protocol "tcp" or "tls"
   * — exactly that one: an address this machine does not have fails {@code build()}. Protocol
   * "inproc" opens no sockets but the dashboard's, so another host is refused there.
   */
  public LocalClusterBuilder host(String host) {
    this.host = host;
    return this;
  }

  /**
   * Your own Hazelcast configuration file (XML or YAML) for the scheduler's JVM and worker JVMs,
   * instead of Weft's; {@code ${weft.cluster.name}}, {@code ${weft.cluster.host}} and
   * {@code ${weft.cluster.members}} are filled in. Needs protocol "tcp" or "tls".
   */
  public LocalClusterBuilder hazelcastConfig(Path file) {
    this.hazelcastFile = file;
    this.hazelcastConfig = null;
    return this;
  }

  /**
   * Your own Hazelcast configuration, used as given for the scheduler's JVM. Needs protocol "tcp"
   * or "tls", and workers in this JVM (a {@code Config} cannot reach worker JVMs: give a file).
   */
  public LocalClusterBuilder hazelcastConfig(Config config) {
    this.hazelcastConfig = config;
    this.hazelcastFile = null;
    return this;
  }

  /** The port of the scheduler's event bus with protocol "tcp" or "tls" (0, the default: any free port). */
  public LocalClusterBuilder schedulerPort(int port) {
    this.schedulerPort = port;
    return this;
  }

  /** Dashboard address (":8787" default, ":0" any free port, null none). */
  public LocalClusterBuilder dashboardAddress(String address) {
    this.dashboardAddress = address;
    return this;
  }

  /** Worker dashboard address (null, the default: none). Worker dashboards do not exist yet: anything else is refused. */
  public LocalClusterBuilder workerDashboardAddress(String address) {
    this.workerDashboardAddress = address;
    return this;
  }

  /** Quiets component logs. Not available yet: true is refused (set levels in {@code conf/logging.properties}). */
  public LocalClusterBuilder silenceLogs(boolean silence) {
    this.silenceLogs = silence;
    return this;
  }

  /**
   * True: TLS with client certificates on every socket, with credentials made now
   * ({@link Security#temporary()}); implies protocol "tls". False (default): none.
   */
  public LocalClusterBuilder security(boolean security) {
    this.security = security ? Security.temporary() : null;
    return this;
  }

  /** TLS with client certificates on every socket, with these credentials; implies protocol "tls". */
  public LocalClusterBuilder security(Security security) {
    this.security = security;
    return this;
  }

  /**
   * "inproc" (default in-process: one non-clustered Vert.x), "tcp" (a clustered event bus other
   * JVMs can join; the default with {@code processes(true)}) or "tls" (the same, with TLS and
   * client certificates everywhere; temporary credentials unless {@link #security(Security)} gives some).
   */
  public LocalClusterBuilder protocol(String protocol) {
    this.protocol = protocol;
    return this;
  }

  /**
   * Scheduler operations to refuse, with an error naming them (dask's {@code blocked_handlers}):
   * "run" ({@code Client.run}) and "uploadJar" ({@code Client.uploadJar}).
   */
  public LocalClusterBuilder blockedHandlers(List<String> handlers) {
    this.blockedHandlers = List.copyOf(handlers);
    return this;
  }

  /** Network interface to bind. Not available yet: refused (bind with {@link #host(String)}). */
  public LocalClusterBuilder interfaceName(String name) {
    this.interfaceName = name;
    return this;
  }

  /**
   * Memory limit per worker, read as dask's {@code memory_limit} (see {@link MemoryLimit#parse}):
   * "auto" (default: the machine's physical memory, as the JVM sees it within any container limit,
   * divided among the workers), a fraction of that memory up to 1 ("0.5"), a number of bytes
   * above 1 ("2000000000") or a size ("2GiB", "500 MB"); "0", "none" or null: no limit. More than
   * the machine has is capped at the machine, with a warning. With {@code processes(true)} each
   * worker JVM's heap is the limit (its own memory comes on top: see {@link JvmMemory}); a
   * limit under {@link JvmMemory#MIN_HEAP} is refused. Anything else fails {@link #build()} naming "memoryLimit".
   */
  public LocalClusterBuilder memoryLimit(String limit) {
    this.memoryLimit = limit;
    return this;
  }

  /**
   * Memory limit per worker of exactly {@code bytes} (1 is one byte here, not dask's whole
   * machine); 0: no limit. More than the machine has is capped at the machine; a negative value
   * fails {@link #build()} naming "memoryLimit".
   */
  public LocalClusterBuilder memoryLimit(long bytes) {
    this.memoryLimit = bytes + "B";
    return this;
  }

  /**
   * When workers spill and pause, as fractions of their memory limit (dask's
   * {@code distributed.worker.memory.target/spill/pause}; defaults 0.6, 0.7, 0.8; 0 turns a step
   * off): values are written to disk, least recently used first, while the values held in memory
   * pass {@code target}, or the worker JVM's measured memory passes {@code spill}; past
   * {@code pause} a worker runs and fetches nothing new until its memory drops. In-process workers
   * share one heap, so only the values they hold are counted.
   */
  public LocalClusterBuilder memoryThresholds(double target, double spill, double pause) {
    this.memoryTarget = target;
    this.memorySpill = spill;
    this.memoryPause = pause;
    return this;
  }

  /**
   * The directory under which each worker makes its own directory for spill files (dask's
   * {@code local_directory}; default the system's temporary directory). Removed when the worker stops.
   */
  public LocalClusterBuilder localDirectory(Path directory) {
    this.localDirectory = directory;
    return this;
  }

  /**
   * At most this much spill files per worker (dask's {@code max_spill}; a size as {@link #memoryLimit};
   * "0", default: no bound). A worker at its bound keeps further values in memory and pauses if
   * it needs to spill, as with a full disk.
   */
  public LocalClusterBuilder maxSpill(String size) {
    this.maxSpill = size;
    return this;
  }

  /** Abstract resources each worker offers, e.g. {@code Map.of("GPU", 1.0)}. */
  public LocalClusterBuilder resources(Map<String, Double> resources) {
    this.resources = Map.copyOf(resources);
    return this;
  }

  /** Check scheduler and worker invariants after every stimulus (slow; for tests). */
  public LocalClusterBuilder validate(boolean validate) {
    this.validate = validate;
    return this;
  }

  /** Root tasks in flight per worker thread before the rest queue on the scheduler (dask: 1.1). */
  public LocalClusterBuilder workerSaturation(double saturation) {
    this.workerSaturation = saturation;
    return this;
  }

  /**
   * True (default, as dask's {@code distributed.scheduler.work-stealing}): every 100 ms the
   * scheduler moves tasks that wait on a busy worker to an idle one, when that pays; false: a
   * task stays where it was placed.
   */
  public LocalClusterBuilder workStealing(boolean on) {
    this.workStealing = on;
    return this;
  }

  /**
   * True (default): root tasks queued on the scheduler are handed out between clients by their
   * shares ({@link Client#share(double)}), so a client that submits later is not starved by an
   * earlier client's long queue; false: dask's global priority order. Priorities still order tasks
   * within a client.
   */
  public LocalClusterBuilder fairShare(boolean on) {
    this.fairShare = on;
    return this;
  }

  /**
   * How many workers may die while running a task before it fails with
   * {@link KilledWorkerException} (dask's {@code distributed.scheduler.allowed-failures}, default 3):
   * the task errs on death number {@code allowedFailures + 1}.
   */
  public LocalClusterBuilder allowedFailures(int failures) {
    this.allowedFailures = failures;
    return this;
  }

  /**
   * How long a lock or semaphore lease outlives the last heartbeat of the client holding it
   * (dask's {@code distributed.scheduler.locks.lease-timeout}, default 30 s): a holder whose client
   * or worker JVM died stops blocking the others after at most this long.
   */
  public LocalClusterBuilder leaseTimeout(java.time.Duration timeout) {
    this.leaseTimeout = timeout;
    return this;
  }

  /**
   * Runs the scheduler and workers on an existing (non-clustered) Vert.x instance, e.g. that of
   * the service embedding Weft; {@link LocalCluster#close()} then undeploys them but leaves the
   * instance running.
   */
  public LocalClusterBuilder vertx(Vertx vertx) {
    this.vertx = vertx;
    return this;
  }

  /** Starts the cluster and waits until every worker has registered. */
  public LocalCluster build() {
    return buildAsync().await();
  }

  /** Starts the cluster; the future completes when every worker has registered. */
  public Future<LocalCluster> buildAsync() {
    return LocalCluster.start(spec(), vertx);
  }

  LocalClusterSpec spec() {
    require(name != null && !name.isBlank(), "name", "must not be blank");
    String transport = protocol != null ? protocol : security != null ? "tls" : processes ? "tcp" : "inproc";
    require(List.of("inproc", "tcp", "tls").contains(transport), "protocol",
        "must be \"inproc\", \"tcp\" or \"tls\", got \"" + protocol + "\"");
    require(!processes || !"inproc".equals(transport), "protocol", "processes(true) needs \"tcp\" or \"tls\", got \"inproc\"");
    require(security == null || "tls".equals(transport), "protocol",
        "security is on, so the protocol is \"tls\", got \"" + protocol + "\"");
    Security tls = "tls".equals(transport) && security == null ? Security.temporary() : security;
    require(!"tls".equals(transport) || vertx == null, "vertx", "protocol \"tls\" starts its own clustered Vert.x");
    require(host != null && !host.isBlank(), "host", "must not be blank");
    require(!host.contains("://"), "host", "a host name or address, not a URL (\"" + host
        + "\"); choose the protocol with protocol(\"tcp\") or protocol(\"tls\")");
    require(!"inproc".equals(transport) || DEFAULT_HOST.equals(host), "host", "\"" + host
        + "\" would bind nothing with protocol \"inproc\" (no sockets but the dashboard's, see dashboardAddress);"
        + " use protocol(\"tcp\") to bind the scheduler and workers there");
    require(schedulerPort >= 0 && schedulerPort <= 65535, "schedulerPort", "must be 0..65535");
    require(workerDashboardAddress == null, "workerDashboardAddress", "worker dashboards are not available yet");
    require(!silenceLogs, "silenceLogs", "not available yet; set levels in conf/logging.properties");
    require(interfaceName == null, "interfaceName", "not available yet; bind an address with host(...)");
    require(dashboardAddress == null || dashboardAddress.matches("[^:]*:\\d+"), "dashboardAddress",
        "must look like \":8787\" or \"host:port\", got \"" + dashboardAddress + "\"");
    require(blockedHandlers != null, "blockedHandlers", "must not be null");
    for (String h : blockedHandlers) {
      require(BlockedHandlers.NAMES.contains(h), "blockedHandlers", "unknown handler \"" + h + "\"; known: " + BlockedHandlers.NAMES);
    }
    require(workerSaturation > 0, "workerSaturation", "must be > 0");
    require(!processes || vertx == null, "vertx", "processes(true) starts its own clustered Vert.x");
    require(!"tcp".equals(transport) || vertx == null, "vertx", "protocol \"tcp\" starts its own clustered Vert.x");
    require(schedulerPort == 0 || !"inproc".equals(transport), "schedulerPort", "needs protocol \"tcp\" or \"tls\"");
    require(hazelcastFile == null && hazelcastConfig == null || !"inproc".equals(transport), "hazelcastConfig",
        "needs protocol \"tcp\" or \"tls\" (inproc runs no Hazelcast)");
    require(hazelcastConfig == null || !processes, "hazelcastConfig",
        "a Config cannot reach worker JVMs; give a file (hazelcastConfig(Path)) with processes(true)");
    require(hazelcastFile == null || java.nio.file.Files.isReadable(hazelcastFile), "hazelcastConfig",
        "cannot read " + hazelcastFile);
    int workers = nWorkers == null ? 1 : nWorkers;
    require(workers >= 0, "nWorkers", "must be >= 0, got " + workers);
    int cores = Runtime.getRuntime().availableProcessors();
    int threads = threadsPerWorker == null ? Math.max(1, cores / Math.max(1, workers)) : threadsPerWorker;
    require(threads >= 1, "threadsPerWorker", "must be >= 1, got " + threads);
    long memory;
    try {
      long available = processes ? MemoryLimit.machineBytes() : Runtime.getRuntime().maxMemory();
      memory = MemoryLimit.parse(memoryLimit, available, workers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memoryLimit: " + e.getMessage(), e);
    }
    MemorySettings memorySettings;
    try {
      memorySettings = new MemorySettings(memoryTarget, memorySpill, memoryPause, processes,
          (localDirectory == null ? Path.of(System.getProperty("java.io.tmpdir")) : localDirectory).toAbsolutePath().toString(),
          MemoryLimit.parse(maxSpill, Long.MAX_VALUE, 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memoryThresholds/localDirectory/maxSpill: " + e.getMessage(), e);
    }
    require(!processes || memory == 0 || memory >= JvmMemory.MIN_HEAP, "memoryLimit",
        "a worker JVM needs a heap of at least " + MemoryLimit.format(JvmMemory.MIN_HEAP) + ", got \"" + memoryLimit
            + "\"; give at least that, or \"0\" for none");
    require(allowedFailures >= 0, "allowedFailures", "must be >= 0, got " + allowedFailures);
    require(leaseTimeout != null && leaseTimeout.toMillis() >= 1, "leaseTimeout", "must be at least 1 ms, got " + leaseTimeout);
    for (Map.Entry<String, Double> r : resources.entrySet()) {
      require(r.getValue() != null && r.getValue() >= 0, "resources", r.getKey() + " must be >= 0");
    }
    return new LocalClusterSpec(name, workers, threads, processes, host, dashboardAddress, memory, resources, validate,
        workerSaturation, transport, tls, blockedHandlers, workStealing, schedulerPort, hazelcastFile, hazelcastConfig,
        memorySettings, allowedFailures, leaseTimeout.toMillis(), fairShare, nameMadeUp);
  }

  private static void require(boolean ok, String key, String why) {
    if (!ok) {
      throw new IllegalArgumentException(key + ": " + why);
    }
  }
}
