package dev.weft.client.faults;

import dev.weft.client.Security;
import dev.weft.protocol.tls.TlsFiles;
import dev.weft.client.Client;
import dev.weft.client.ClientOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Weft JVMs on loopback for one test, in a Hazelcast cluster of their own
 * ("faults-" + 8 random characters). Scheduler and workers start exactly as the README's
 * "Across JVMs" block does ({@code bin/weft run … -cluster -cluster-host=127.0.0.1 -conf='…'}, with
 * {@code WEFT_CLUSTER_NAME} and {@code WEFT_CLASSPATH} = this test's classpath, so test classes
 * can be task functions). Each process logs to {@code client/target/faults-<cluster>/<role>-<n>.log}.
 * {@link #close()} closes the clients it connected, then ends every process it started, by PID.
 */
public final class WeftJvms implements AutoCloseable {

  /** The repository root (tests run in the client module). */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String HOST = "127.0.0.1";
  private static final Duration BECOME_JAVA = Duration.ofMinutes(1);
  private static final Duration GRACE = Duration.ofSeconds(20);

  /** "faults-" + 8 random hex characters; fixed for the life of this object, unique per instance. */
  private final String clusterName = "faults-" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  /** Holds every log file of this cluster; exists from construction on. */
  private final Path logDir;
  /** The test JVM's classpath, shared by every JVM started; never changes. */
  private final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  /** Every process started, in start order; close() ends each. Guarded by this. */
  private final List<JvmProcess> processes = new ArrayList<>();
  /** Role → processes of that role started so far (numbers log files from 1). Guarded by this. */
  private final Map<String, Integer> started = new HashMap<>();
  /** Every client connect() returned; close() closes each. Guarded by this. */
  private final List<Client> clients = new ArrayList<>();
  /** Set by close(); nothing starts afterwards. Guarded by this. */
  private boolean closed;
  /** The cluster's TLS credentials; null for a cluster without TLS. */
  private final Security security;
  /** Where {@link #security} is written for the JVMs (under the log directory); null without TLS. */
  private final TlsFiles tlsFiles;

  /** A fresh cluster name and log directory; starts nothing. */
  public WeftJvms() {
    this(null);
  }

  /**
   * A cluster whose every JVM and client runs with TLS and {@code security}'s credentials, handed
   * to {@code bin/weft run} as {@code --tls-ca-file --tls-cert --tls-key}; null for none.
   */
  public WeftJvms(Security security) {
    try {
      logDir = Files.createDirectories(Path.of("target", clusterName).toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.security = security;
    this.tlsFiles = security == null ? null : security.writeTo(logDir.resolve("tls"));
  }

  /** The TLS files the JVMs use; null without TLS. */
  public TlsFiles tlsFiles() {
    return tlsFiles;
  }

  /** This cluster's Hazelcast name. */
  public String clusterName() {
    return clusterName;
  }

  /** The directory holding the processes' logs. */
  public Path logDir() {
    return logDir;
  }

  /** A scheduler JVM with {@code -conf={"dashboardAddress":":0"}} (no fight over port 8787). */
  public JvmProcess startScheduler() {
    return startScheduler("{}");
  }

  /** A scheduler JVM with {@code confJson} as its -conf; "dashboardAddress" defaults to ":0". */
  public JvmProcess startScheduler(String confJson) {
    JsonObject conf = new JsonObject(confJson);
    if (!conf.containsKey("dashboardAddress")) {
      conf.put("dashboardAddress", ":0");
    }
    return startWeft("scheduler", conf.encode());
  }

  /** A worker JVM named {@code name} with {@code nthreads} task threads. */
  public JvmProcess startWorker(String name, int nthreads) {
    return startWorker(new JsonObject().put("name", name).put("nthreads", nthreads).encode());
  }

  /** A worker JVM with {@code confJson} as its -conf. */
  public JvmProcess startWorker(String confJson) {
    return startWeft("worker", confJson);
  }

  /**
   * A plain JVM ({@code java -cp <test classpath> … mainClass args}) with the system properties
   * {@code bin/weft} passes, so {@code Client.connect} or {@code Clustering} there joins this cluster.
   */
  public JvmProcess startJava(Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.util.logging.config.file=" + ROOT.resolve("conf/logging.properties"),
        "-Dweft.cluster.name=" + clusterName, "-Dweft.cluster.host=" + HOST, "-Dweft.cluster.members=" + HOST,
        "-cp", classpath, mainClass.getName()));
    command.addAll(List.of(args));
    return start("java", new ProcessBuilder(command));
  }

  /**
   * The usual cluster of a fault test: a scheduler and {@code workers} workers "w1", "w2", … with
   * one thread each; returns a client once they have all registered (within 3 minutes).
   */
  public Client startCluster(int workers) {
    startScheduler();
    for (int i = 1; i <= workers; i++) {
      startWorker("w" + i, 1);
    }
    Client client = connect();
    client.waitForWorkers(workers, java.time.Duration.ofMinutes(3)).await();
    return client;
  }

  /** A client in this JVM joined to the cluster (waits up to 2 minutes for the scheduler); closed by close(). */
  public Client connect() {
    synchronized (this) {
      checkOpen();
    }
    Client client = Client.connect(ClientOptions.fromJson(
        new JsonObject().put("clusterName", clusterName).put("timeoutMillis", 120_000)).security(security));
    synchronized (this) {
      clients.add(client);
      if (!closed) {
        return client;
      }
    }
    client.close();
    throw new IllegalStateException("closed while connecting");
  }

  /** The processes started so far, in start order. */
  public synchronized List<JvmProcess> processes() {
    return List.copyOf(processes);
  }

  private JvmProcess startWeft(String role, String confJson) {
    return startOn(role, HOST, null, null, confJson);
  }

  /**
   * A {@code role} ("scheduler" or "worker") JVM bound to {@code host}, finding the cluster through
   * {@code members} (null: the host, as in the README) and configured by the Hazelcast file
   * {@code hazelcastConfig} (null: Weft's own), with {@code confJson} as its -conf.
   */
  public JvmProcess startOn(String role, String host, String members, Path hazelcastConfig, String confJson) {
    String tls = tlsFiles == null ? "" : " --tls-ca-file " + shellQuote(tlsFiles.ca().toString()) + " --tls-cert "
        + shellQuote(tlsFiles.cert().toString()) + " --tls-key " + shellQuote(tlsFiles.key().toString());
    String hazelcast = hazelcastConfig == null ? "" : " --hazelcast-config " + shellQuote(hazelcastConfig.toString());
    String command = "exec bin/weft run " + role + tls + hazelcast + " -cluster -cluster-host=" + host
        + " -conf=" + shellQuote(confJson);
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
    Map<String, String> env = pb.environment();
    env.put("WEFT_CLASSPATH", classpath);
    env.put("WEFT_CLUSTER_NAME", clusterName);
    env.remove("WEFT_HAZELCAST_CONFIG");
    if (members == null) {
      env.remove("WEFT_CLUSTER_MEMBERS"); // members = the -cluster-host, as in the README
    } else {
      env.put("WEFT_CLUSTER_MEMBERS", members);
    }
    return start(role, pb);
  }

  private JvmProcess start(String role, ProcessBuilder pb) {
    JvmProcess p;
    synchronized (this) {
      checkOpen();
      int n = started.merge(role, 1, Integer::sum);
      Path log = logDir.resolve(role + "-" + n + ".log");
      pb.directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      try {
        p = new JvmProcess(role + "-" + n, pb.start(), log);
      } catch (IOException e) {
        throw new UncheckedIOException("starting " + pb.command(), e);
      }
      processes.add(p);
    }
    p.awaitJava(BECOME_JAVA);
    return p;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("WeftJvms " + clusterName + " is closed");
    }
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Closes the clients, then SIGTERMs every process by PID, SIGKILLing any still alive after 20 s. */
  @Override
  public void close() {
    List<Client> toClose;
    List<JvmProcess> toEnd;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = List.copyOf(clients);
      toEnd = List.copyOf(processes);
    }
    RuntimeException failure = null;
    for (Client c : toClose) {
      try {
        c.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    toEnd.forEach(JvmProcess::terminate);
    long deadline = System.nanoTime() + GRACE.toNanos();
    toEnd.forEach(p -> p.endBy(deadline));
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "WeftJvms " + clusterName + " " + processes();
  }
}
