package dev.weft.protocol.tls;

import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The TLS credentials each Vert.x instance's event bus was started with, so that the other sockets
 * Weft opens on that instance (data channel, dashboard) use the same ones. An instance not
 * registered here runs without TLS.
 */
public final class ClusterTls {

  /** Credentials by instance; an entry lives as long as its instance is reachable. */
  private static final Map<Vertx, TlsMaterial> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());

  private ClusterTls() {}

  /** Records that {@code vertx} runs with {@code material}. */
  public static void register(Vertx vertx, TlsMaterial material) {
    BY_VERTX.put(vertx, material);
  }

  /** The credentials of {@code vertx}, or null when it runs without TLS. */
  public static TlsMaterial of(Vertx vertx) {
    return BY_VERTX.get(vertx);
  }
}
