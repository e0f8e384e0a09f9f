package dev.weft.launcher;

import dev.weft.protocol.cluster.Clustering;
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
 * cluster's CA. The TLS keys are taken out of the configuration the verticle sees.
 */
public final class WeftLauncher extends VertxApplication implements VertxApplicationHooks {

  /** The credentials read from the configuration; null when running without TLS. */
  private TlsMaterial tls;

  private WeftLauncher(String[] args) {
    super(args);
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
    return Vertx.builder().with(options).withTransport(WatchingTransport.INSTANCE)
        .withClusterManager(new HazelcastClusterManager(Clustering.hazelcast(Clustering.fromSystemProperties(),
            Boolean.getBoolean(Clustering.LITE_PROPERTY))));
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    if (context.vertx().isClustered()) {
      Clustering.started(context.vertx(), tls);
    }
  }
}
