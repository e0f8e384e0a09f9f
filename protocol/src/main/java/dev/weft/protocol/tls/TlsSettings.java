package dev.weft.protocol.tls;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a process's TLS settings, as dask's {@code --tls-ca-file --tls-cert --tls-key}: from JSON
 * keys ({@code tlsCaFile}, {@code tlsCert}, {@code tlsKey}, {@code tlsMinVersion},
 * {@code requireEncryption}), else the system properties {@code weft.tls.caFile},
 * {@code weft.tls.cert}, {@code weft.tls.key}, {@code weft.tls.minVersion},
 * {@code weft.requireEncryption} (which {@code bin/weft run --tls-…} sets), else the environment
 * ({@code WEFT_TLS_CA_FILE}, {@code WEFT_TLS_CERT}, {@code WEFT_TLS_KEY},
 * {@code WEFT_TLS_MIN_VERSION}, {@code WEFT_REQUIRE_ENCRYPTION}). The three files go together;
 * with {@code requireEncryption} a process without them refuses to start.
 */
public final class TlsSettings {

  /** JSON key of the CA file. */
  public static final String CA_FILE = "tlsCaFile";
  /** JSON key of the certificate file. */
  public static final String CERT = "tlsCert";
  /** JSON key of the private key file. */
  public static final String KEY = "tlsKey";
  /** JSON key of the lowest TLS version ("TLSv1.2" default, or "TLSv1.3"). */
  public static final String MIN_VERSION = "tlsMinVersion";
  /** JSON key: true refuses to run without TLS. */
  public static final String REQUIRE_ENCRYPTION = "requireEncryption";

  /** JSON key → system property, environment variable. */
  private static final Map<String, String[]> SOURCES = Map.of(
      CA_FILE, new String[] {"weft.tls.caFile", "WEFT_TLS_CA_FILE"},
      CERT, new String[] {"weft.tls.cert", "WEFT_TLS_CERT"},
      KEY, new String[] {"weft.tls.key", "WEFT_TLS_KEY"},
      MIN_VERSION, new String[] {"weft.tls.minVersion", "WEFT_TLS_MIN_VERSION"},
      REQUIRE_ENCRYPTION, new String[] {"weft.requireEncryption", "WEFT_REQUIRE_ENCRYPTION"});

  private TlsSettings() {}

  /** True for the JSON keys this class reads. */
  public static boolean isKey(String key) {
    return SOURCES.containsKey(key);
  }

  /** The TLS credentials {@code json}, the system properties or the environment name; empty for none. */
  public static Optional<TlsMaterial> read(JsonObject json) {
    return read(json, System::getenv);
  }

  static Optional<TlsMaterial> read(JsonObject json, Function<String, String> env) {
    JsonObject conf = json == null ? new JsonObject() : json;
    String ca = value(conf, CA_FILE, env);
    String cert = value(conf, CERT, env);
    String key = value(conf, KEY, env);
    String min = value(conf, MIN_VERSION, env);
    String require = value(conf, REQUIRE_ENCRYPTION, env);
    boolean required = require != null && !"false".equalsIgnoreCase(require) && !"0".equals(require);
    if (ca == null && cert == null && key == null) {
      if (required) {
        throw new IllegalArgumentException(REQUIRE_ENCRYPTION + ": TLS is required but no " + CA_FILE + ", " + CERT
            + " and " + KEY + " were given (JSON keys, --tls-ca-file/--tls-cert/--tls-key, or WEFT_TLS_* variables)");
      }
      return Optional.empty();
    }
    return Optional.of(TlsMaterial.fromFiles(path(ca), path(cert), path(key), min == null ? "TLSv1.2" : min));
  }

  /** The settings that point a child process at {@code files}, as JSON keys. */
  public static JsonObject json(TlsFiles files, String minVersion) {
    return new JsonObject().put(CA_FILE, files.ca().toString()).put(CERT, files.cert().toString())
        .put(KEY, files.key().toString()).put(MIN_VERSION, minVersion).put(REQUIRE_ENCRYPTION, true);
  }

  private static String value(JsonObject conf, String key, Function<String, String> env) {
    Object v = conf.getValue(key);
    if (v != null) {
      return String.valueOf(v);
    }
    String[] sources = SOURCES.get(key);
    String p = System.getProperty(sources[0]);
    return p != null && !p.isBlank() ? p : blankToNull(env.apply(sources[1]));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }
}
