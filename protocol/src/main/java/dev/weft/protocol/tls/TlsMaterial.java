package dev.weft.protocol.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TCPSSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The TLS credentials of one process: the cluster's CA certificate and this process's certificate
 * and private key (PEM text), and the lowest TLS version accepted. Every socket Weft opens with
 * them — the clustered event bus, the data channel, the dashboard — uses TLS and requires the
 * peer's certificate to be signed by the CA, with forward-secret AEAD cipher suites only. Host names are not checked (as dask's TLS): the
 * cluster's own CA is the trust anchor.
 *
 * @param caPem the CA certificate(s) peers must be signed by
 * @param certPem this process's certificate chain
 * @param keyPem this process's private key (PKCS#8 or PKCS#1)
 * @param minVersion "TLSv1.2" or "TLSv1.3"
 */
public record TlsMaterial(String caPem, String certPem, String keyPem, String minVersion) {

  /** TLS versions accepted as {@code minVersion}. */
  public static final Set<String> VERSIONS = Set.of("TLSv1.2", "TLSv1.3");

  /**
   * The cipher suites offered, in order of preference: AEAD only (no CBC, no static RSA), forward
   * secret, AES-128-GCM first — as strong for this purpose and, measured on the data channel,
   * faster than the JDK's default AES-256 first. ECDSA and RSA certificates both work.
   */
  static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** Checks that every part is present and the version is known. */
  public TlsMaterial {
    require(caPem, "CA certificate");
    require(certPem, "certificate");
    require(keyPem, "private key");
    if (!VERSIONS.contains(minVersion)) {
      throw new IllegalArgumentException("tlsMinVersion: must be TLSv1.2 or TLSv1.3, got " + minVersion);
    }
  }

  /** Reads the three PEM files; a missing or unreadable file is an error naming it. */
  public static TlsMaterial fromFiles(Path ca, Path cert, Path key, String minVersion) {
    return new TlsMaterial(read(ca, "tlsCaFile"), read(cert, "tlsCert"), read(key, "tlsKey"), minVersion);
  }

  /**
   * The text of PEM file {@code file}, which the setting {@code key} names; a missing (null) or
   * unreadable file is an error naming the key.
   */
  public static String read(Path file, String key) {
    if (file == null) {
      throw new IllegalArgumentException(key + ": missing (TLS needs tlsCaFile, tlsCert and tlsKey together)");
    }
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e + ")", e);
    }
  }

  /**
   * Writes the CA, certificate and key as {@code ca.pem}, {@code cert.pem} and {@code key.pem}
   * into {@code dir} (created readable only by this user), each file readable only by this user.
   */
  public TlsFiles writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      ownerOnly(dir, "rwx------");
      TlsFiles files = new TlsFiles(dir.resolve("ca.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
      write(files.ca(), caPem);
      write(files.cert(), certPem);
      write(files.key(), keyPem);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS credentials to " + dir, e);
    }
  }

  /** The event bus of a clustered Vert.x with these credentials: TLS, client certificate required. */
  public EventBusOptions secure(EventBusOptions options) {
    tls(options).setClientAuth(ClientAuth.REQUIRED);
    return options;
  }

  /** A server (data channel, dashboard) with these credentials: TLS, client certificate required. */
  public <T extends NetServerOptions> T secure(T options) {
    tls(options).setClientAuth(ClientAuth.REQUIRED);
    return options;
  }

  /** A client of such a server: presents this certificate, accepts only servers the CA signed. */
  public NetClientOptions secure(NetClientOptions options) {
    tls(options).setHostnameVerificationAlgorithm("");
    return options;
  }

  /** TLS on {@code options}: this certificate, trust in the CA only, the allowed versions and suites. */
  private <T extends TCPSSLOptions> T tls(T options) {
    options.setSsl(true).setKeyCertOptions(keyCert()).setTrustOptions(trust());
    options.getEnabledSecureTransportProtocols().clear();
    ("TLSv1.3".equals(minVersion) ? List.of("TLSv1.3") : List.of("TLSv1.2", "TLSv1.3"))
        .forEach(options::addEnabledSecureTransportProtocol);
    options.getEnabledCipherSuites().clear();
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }

  private PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().addCertValue(Buffer.buffer(certPem)).addKeyValue(Buffer.buffer(keyPem));
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(caPem));
  }

  @Override
  public String toString() {
    return "TlsMaterial(min " + minVersion + ", key hidden)";
  }

  private static void require(String pem, String what) {
    if (pem == null || !pem.contains("-----BEGIN ")) {
      throw new IllegalArgumentException(what + ": not PEM text");
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file);
    ownerOnly(file, "rw-------");
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  private static void ownerOnly(Path p, String permissions) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    }
  }
}
