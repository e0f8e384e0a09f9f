package dev.weft.launcher;

import com.hazelcast.config.Config;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.cluster.SchedulerCandidates;
import dev.weft.protocol.tls.TlsMaterial;
import dev.weft.protocol.tls.TlsSettings;
import dev.weft.protocol.tls.WatchingTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * What {@code bin/weft run scheduler|worker} starts: Vert.x's {@link VertxApplication} (the
 * flags of {@code vertx run}: {@code -cluster}, {@code -cluster-host}, {@code -conf}, …) with
 * Weft's cluster layer — the Hazelcast configuration of {@link Clustering} (cluster name from
 * {@code weft.cluster.name}, host from {@code weft.cluster.host}) and, when TLS credentials are
 * given ({@link TlsSettings}: {@code -conf} keys, {@code bin/weft run --tls-…} flags or
 * {@code WEFT_TLS_*} variables), an event bus that accepts only peers with a certificate from the
 * cluster's CA. The TLS keys are taken out of the configuration the verticle sees. A scheduler's
 * member joins as a {@linkplain SchedulerCandidates scheduler candidate}: the oldest is active, any
 * other waits as its standby.
 */
public final class WeftLauncher extends VertxApplication implements VertxApplicationHooks {

  /** The verticle {@code bin/weft run scheduler} starts. */
  private static final String SCHEDULER = dev.weft.scheduler.verticle.SchedulerVerticle.class.getName();
  /** The verticle {@code bin/weft run worker} starts. */
  private static final String WORKER = dev.weft.worker.verticle.WorkerVerticle.class.getName();

  /** The credentials read from the configuration; null when running without TLS. */
  private TlsMaterial tls;
  /** True when this JVM runs a scheduler: its member joins as a scheduler candidate (active or standby). */
  private final boolean scheduler;
  /** True when this JVM runs a worker: its member is marked so, for a scheduler taking over to wait for it. */
  private final boolean worker;

  private WeftLauncher(String[] args) {
    super(args);
    java.util.List<String> given = java.util.List.of(args);
    this.scheduler = given.contains(SCHEDULER);
    this.worker = given.contains(WORKER);
  }

  /** Runs a verticle as {@code vertx run} would; exits the JVM with a non-zero code on failure. */
  public static void main(String[] args) {
    new WeftLauncher(args).launch();
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    JsonObject conf = config == null ? new JsonObject() : config.copy();
    tls = TlsSettings.read(conf).orElse(null);
    conf.fieldNames().removeIf(TlsSettings::isKey);
    return conf;
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    if (tls != null) {
      tls.secure(options.getEventBusOptions());
    }
    Config hazelcast = Clustering.hazelcast(Clustering.fromSystemProperties(), Boolean.getBoolean(Clustering.LITE_PROPERTY));
    if (scheduler) {
      SchedulerCandidates.mark(hazelcast);
    } else if (worker) {
      SchedulerCandidates.markWorker(hazelcast);
    }
    return Vertx.builder().with(options).withTransport(WatchingTransport.INSTANCE)
        .withClusterManager(new HazelcastClusterManager(hazelcast));
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    if (context.vertx().isClustered()) {
      Clustering.started(context.vertx(), tls);
    }
  }
}
