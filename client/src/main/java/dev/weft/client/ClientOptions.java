package dev.weft.client;

import dev.weft.protocol.tls.TlsSettings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * How {@link Client#connect(ClientOptions)} joins a running cluster from another JVM: the
 * Hazelcast cluster name and the host both bind to, and how long to wait for the scheduler.
 * JSON keys: {@code clusterName} ("weft"), {@code host} ("127.0.0.1"), {@code timeoutMillis} (30000),
 * and for TLS {@code tlsCaFile}, {@code tlsCert}, {@code tlsKey}, {@code tlsMinVersion},
 * {@code requireEncryption} (else the {@code weft.tls.*} system properties or {@code WEFT_TLS_*}
 * environment variables, as for {@code bin/weft run}).
 */
public final class ClientOptions {

  private String clusterName = "weft";
  private String host = "127.0.0.1";
  private Duration timeout = Duration.ofSeconds(30);
  /** TLS credentials; null: none (unless the WEFT_TLS_* environment gives some to fromJson). */
  private Security security;

  /** Defaults: cluster "weft" on 127.0.0.1, 30 s to find the scheduler. */
  public ClientOptions() {}

  /** Options from JSON; absent keys keep their defaults, unknown keys are an error. */
  public static ClientOptions fromJson(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!key.equals("clusterName") && !key.equals("host") && !key.equals("timeoutMillis") && !TlsSettings.isKey(key)) {
        throw new IllegalArgumentException(key + ": unknown client option");
      }
    }
    ClientOptions o = new ClientOptions();
    o.clusterName(json.getString("clusterName", o.clusterName));
    o.host(json.getString("host", o.host));
    o.timeout(Duration.ofMillis(json.getLong("timeoutMillis", o.timeout.toMillis())));
    o.security = TlsSettings.read(json).map(Security::of).orElse(null);
    return o;
  }

  /** The Hazelcast cluster to join. */
  public ClientOptions clusterName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("clusterName: must not be blank");
    }
    this.clusterName = name;
    return this;
  }

  /** The host (interface) to bind and join on. */
  public ClientOptions host(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: must not be blank");
    }
    this.host = host;
    return this;
  }

  /** How long to wait for the scheduler to answer. */
  public ClientOptions timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeoutMillis: must be > 0");
    }
    this.timeout = timeout;
    return this;
  }

  /** TLS with these credentials on every socket (the cluster must run with the same CA). */
  public ClientOptions security(Security security) {
    this.security = security;
    return this;
  }

  Security security() {
    return security;
  }

  String clusterName() {
    return clusterName;
  }

  String host() {
    return host;
  }

  Duration timeout() {
    return timeout;
  }
}
