package dev.weft.client;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.Message;
import dev.weft.protocol.Query;
import dev.weft.protocol.QueryKind;
import dev.weft.protocol.Retry;
import dev.weft.protocol.SchedulerSnapshot;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.WorkerLost;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.tls.TlsFiles;
import dev.weft.protocol.tls.TlsSettings;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.nanny.JvmMemory;
import dev.weft.worker.nanny.Nanny;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The worker JVMs of a {@code LocalCluster} with {@code processes(true)}: each under a
 * {@link Nanny} that restarts it when it dies (and tells the scheduler at once), started on the
 * cluster's classpath and TLS credentials (written once for them, removed at close), and awaited
 * until they registered — or found unable to start.
 */
final class WorkerJvms {

  private static final System.Logger LOG = System.getLogger(WorkerJvms.class.getName());
  /** Deaths of a worker JVM before it registered, after which starting it fails. */
  static final int START_DEATHS = 3;
  /** How long new worker JVMs have to register. */
  private static final long REGISTER_NANOS = 120_000_000_000L;

  private final LocalClusterSpec spec;
  private final Vertx vertx;
  /** Nannies of the running worker JVMs by worker name, in start order. */
  private final Map<String, Nanny> nannies = new LinkedHashMap<>();
  /** Unexpected worker JVM deaths, oldest first. */
  private final List<String> deaths = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Where the worker JVMs' TLS credentials were written; null until the first worker JVM with TLS. */
  private TlsFiles tlsFiles;

  WorkerJvms(LocalClusterSpec spec, Vertx vertx) {
    this.spec = spec;
    this.vertx = vertx;
  }

  /** Starts a worker JVM under a nanny for each of {@code names}; completes when all have registered. */
  Future<Void> start(List<String> names) {
    // This JVM's tasks and results will cross to the worker JVMs: get the serializer ready while they start.
    vertx.executeBlocking(() -> {
      Serializers.DEFAULT.warmUp();
      return null;
    }, false);
    String member = Clustering.memberAddress(vertx);
    io.vertx.core.json.JsonObject tls = workerTls();
    List<Nanny> started = new ArrayList<>();
    synchronized (this) {
      for (String name : names) {
        Nanny nanny = new Nanny(name, WorkerJvm.command(spec, name, member, tls), WorkerJvm.logFile(spec, name),
            JvmMemory.residentBudget(spec.memoryLimitBytes()), this::died);
        nannies.put(name, nanny);
        started.add(nanny);
      }
    }
    return vertx.executeBlocking(() -> {
      started.forEach(Nanny::start);
      return null;
    }).compose(v -> untilRegistered(names, System.nanoTime() + REGISTER_NANOS));
  }

  /** Takes {@code name}'s nanny out of the running ones (to be stopped by the caller); null when unknown. */
  synchronized Nanny remove(String name) {
    return nannies.remove(name);
  }

  /** Names of the running worker JVMs, in start order. */
  synchronized List<String> names() {
    return new ArrayList<>(nannies.keySet());
  }

  /** Stops every worker JVM (blocking) and removes the credentials written for them. */
  void stopAll() {
    List<Nanny> all;
    synchronized (this) {
      all = new ArrayList<>(nannies.values());
    }
    all.forEach(Nanny::stop);
    removeTlsFiles();
  }

  /** Where the worker JVMs' credentials are written; null before the first worker JVM with TLS. */
  synchronized TlsFiles tlsFiles() {
    return tlsFiles;
  }

  /** Process ids of the worker JVMs by worker name. */
  synchronized Map<String, Long> pids() {
    Map<String, Long> out = new LinkedHashMap<>();
    nannies.forEach((name, nanny) -> out.put(name, nanny.pid()));
    return out;
  }

  /** Unexpected worker JVM deaths so far, as "worker reason". */
  List<String> deaths() {
    return List.copyOf(deaths);
  }

  /** Unexpected deaths counted by the nannies of the current worker JVMs, summed. */
  synchronized int nannyDeaths() {
    return nannies.values().stream().mapToInt(Nanny::deaths).sum();
  }

  /**
   * The TLS settings handed to worker JVMs: the cluster's credentials written once into a
   * directory only this user can read, removed at close; null without TLS.
   */
  private synchronized io.vertx.core.json.JsonObject workerTls() {
    if (spec.security() == null) {
      return null;
    }
    if (tlsFiles == null) {
      java.nio.file.Path dir = WorkerJvm.logFile(spec, "tls").toPath().resolveSibling("tls-" + UUID.randomUUID());
      tlsFiles = spec.security().writeTo(dir);
    }
    return TlsSettings.json(tlsFiles, spec.security().minTlsVersion());
  }

  private void died(String worker, String reason) {
    deaths.add(worker + " " + reason);
    vertx.eventBus().send(Addresses.SCHEDULER_LOCAL, new WorkerLost(worker, reason), WireCodec.OPTIONS);
  }

  /**
   * Completes when every worker of {@code names} has registered; fails when the deadline passes, or
   * at once when one of them died {@value #START_DEATHS} times without registering (a JVM that cannot
   * start: a bad option, too little memory), with the end of what it wrote.
   */
  private Future<Void> untilRegistered(List<String> names, long deadlineNanos) {
    return Retry.until(vertx, deadlineNanos, 50,
        () -> vertx.eventBus().<Message>request(Addresses.SCHEDULER, new Query(QueryKind.INFO, List.of()), WireCodec.OPTIONS)
            .compose(m -> {
              List<String> known = ((SchedulerSnapshot) m.body()).workers().stream().map(w -> w.name()).toList();
              if (known.containsAll(names)) {
                return Future.<Void>succeededFuture();
              }
              WeftException cannotStart = cannotStart(names, known);
              return Future.<Void>failedFuture(cannotStart != null ? cannotStart : new WeftException("not yet"));
            }),
        e -> !(e instanceof CannotStartException),
        e -> new WeftException("worker JVMs did not register in time: " + names
            + " (logs under " + WorkerJvm.logFile(spec, names.get(0)).getParent() + ")"));
  }

  /** Why a worker JVM cannot start: it died {@value #START_DEATHS} times before registering. */
  private static final class CannotStartException extends WeftException {
    CannotStartException(String message) {
      super(message);
    }
  }

  /** The failure for the first of {@code names} not {@code known} that died {@value #START_DEATHS} times; null when none did. */
  private synchronized WeftException cannotStart(List<String> names, List<String> known) {
    for (String name : names) {
      Nanny nanny = nannies.get(name);
      if (!known.contains(name) && nanny != null && nanny.deaths() >= START_DEATHS) {
        String output = nanny.lastDeathOutput().strip();
        return new CannotStartException("worker JVM " + name + " died " + nanny.deaths() + " times before registering"
            + " (log " + WorkerJvm.logFile(spec, name) + ")" + (output.isEmpty() ? "" : "; it wrote:\n" + output));
      }
    }
    return null;
  }

  private synchronized void removeTlsFiles() {
    if (tlsFiles == null) {
      return;
    }
    for (java.nio.file.Path p : List.of(tlsFiles.ca(), tlsFiles.cert(), tlsFiles.key(), tlsFiles.key().getParent())) {
      try {
        java.nio.file.Files.deleteIfExists(p);
      } catch (java.io.IOException e) {
        LOG.log(Level.WARNING, "could not remove " + p + ": " + e);
      }
    }
  }
}
