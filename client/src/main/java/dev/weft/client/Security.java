package dev.weft.client;

import dev.weft.protocol.tls.TlsFiles;
import dev.weft.protocol.tls.TlsMaterial;
import java.nio.file.Path;

/**
 * A cluster's TLS credentials (dask's {@code Security}): the CA every peer's certificate must be
 * signed by, and this process's certificate and key — from PEM files, PEM text, or made at run
 * time ({@link #temporary()}). With security on, every socket Weft opens —
 * the clustered event bus, the worker-to-worker data channel, the dashboard — is TLS with a
 * required client certificate from that CA; a peer without one is refused at the handshake.
 *
 * <pre>{@code
 * LocalCluster.builder().processes(true).security(true)           // Security.temporary()
 * LocalCluster.builder().security(Security.builder()
 *     .caFile("ca.pem").certFile("node.pem").keyFile("node-key.pem").build())
 * }</pre>
 */
public final class Security {

  /** The credentials themselves, as PEM text; never null. */
  private final TlsMaterial material;
  /** True: refuse to start without TLS (always true for a Security that has credentials). */
  private final boolean requireEncryption;

  private Security(TlsMaterial material, boolean requireEncryption) {
    this.material = material;
    this.requireEncryption = requireEncryption;
  }

  /**
   * A CA and a certificate made now, in memory (BouncyCastle), for one cluster's lifetime: what
   * {@code LocalCluster.builder().security(true)} uses. TLS 1.2 or newer.
   */
  public static Security temporary() {
    return new Security(TemporaryCredentials.make("TLSv1.2"), true);
  }

  /** Credentials from PEM files. */
  public static Builder builder() {
    return new Builder();
  }

  /** True: connections without TLS are refused (always, once credentials are given). */
  public boolean requireEncryption() {
    return requireEncryption;
  }

  /** The lowest TLS version accepted: "TLSv1.2" or "TLSv1.3". */
  public String minTlsVersion() {
    return material.minVersion();
  }

  /**
   * Writes the CA, certificate and key as {@code ca.pem}, {@code cert.pem}, {@code key.pem} into
   * {@code dir}, readable only by this user: for {@code bin/weft run --tls-ca-file … --tls-cert
   * … --tls-key …} or the {@code tlsCaFile}, {@code tlsCert}, {@code tlsKey} JSON keys.
   */
  public TlsFiles writeTo(Path dir) {
    return material.writeTo(dir);
  }

  static Security of(TlsMaterial material) {
    return new Security(material, true);
  }

  TlsMaterial material() {
    return material;
  }

  @Override
  public String toString() {
    return "Security(TLS, min " + material.minVersion() + ")";
  }

  /**
   * Settings of a {@link Security} from PEM files or PEM text in memory (each part one way or the
   * other); {@link #build()} reads and checks them.
   */
  public static final class Builder {

    /** The CA's PEM file; read at build unless {@link #caPem} is given. */
    private Path caFile;
    /** The certificate's PEM file; read at build unless {@link #certPem} is given. */
    private Path certFile;
    /** The key's PEM file; read at build unless {@link #keyPem} is given. */
    private Path keyFile;
    /** The CA as PEM text; null: read {@link #caFile}. */
    private String caPem;
    /** The certificate as PEM text; null: read {@link #certFile}. */
    private String certPem;
    /** The key as PEM text; null: read {@link #keyFile}. */
    private String keyPem;
    /** "TLSv1.2" or "TLSv1.3" (checked at build). */
    private String minTlsVersion = "TLSv1.2";
    /** Must stay true: there is no mixed mode (checked at build). */
    private boolean requireEncryption = true;

    private Builder() {}

    /** The CA certificate (PEM) peers must be signed by. */
    public Builder caFile(String path) {
      this.caFile = Path.of(path);
      return this;
    }

    /** This process's certificate (PEM), signed by the CA. */
    public Builder certFile(String path) {
      this.certFile = Path.of(path);
      return this;
    }

    /** This process's private key (PEM: PKCS#8, or PKCS#1 RSA / SEC1 EC). */
    public Builder keyFile(String path) {
      this.keyFile = Path.of(path);
      return this;
    }

    /** The CA certificate as PEM text (instead of {@link #caFile}). */
    public Builder caPem(String pem) {
      this.caPem = pem;
      return this;
    }

    /** This process's certificate as PEM text (instead of {@link #certFile}). */
    public Builder certPem(String pem) {
      this.certPem = pem;
      return this;
    }

    /** This process's private key as PEM text (instead of {@link #keyFile}). */
    public Builder keyPem(String pem) {
      this.keyPem = pem;
      return this;
    }

    /** "TLSv1.2" (default) or "TLSv1.3". */
    public Builder minTlsVersion(String version) {
      this.minTlsVersion = version;
      return this;
    }

    /**
     * Whether plain connections are refused. With credentials they always are (every socket is
     * TLS), so false is an error: Weft has no mixed mode.
     */
    public Builder requireEncryption(boolean require) {
      this.requireEncryption = require;
      return this;
    }

    /** Reads the files; a missing, unreadable or non-PEM file fails with the key that names it. */
    public Security build() {
      if (!requireEncryption) {
        throw new IllegalArgumentException("requireEncryption: Weft has no mixed mode; with credentials every socket is TLS");
      }
      return new Security(new TlsMaterial(caPem != null ? caPem : TlsMaterial.read(caFile, "tlsCaFile"),
          certPem != null ? certPem : TlsMaterial.read(certFile, "tlsCert"),
          keyPem != null ? keyPem : TlsMaterial.read(keyFile, "tlsKey"), minTlsVersion), true);
    }
  }
}
