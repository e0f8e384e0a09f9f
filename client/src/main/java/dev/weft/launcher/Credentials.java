package dev.weft.launcher;

import dev.weft.client.Security;
import dev.weft.protocol.tls.TlsFiles;
import java.nio.file.Path;

/**
 * {@code bin/weft credentials DIR}: makes a CA and a certificate it signs
 * ({@link Security#temporary()}) and writes them into DIR as {@code ca.pem}, {@code cert.pem} and
 * {@code key.pem}, readable only by the user, for {@code bin/weft run --tls-ca-file … --tls-cert …
 * --tls-key …} and a client's {@code tlsCaFile}, {@code tlsCert}, {@code tlsKey}. For a trial or a
 * single trusted machine; a real deployment uses certificates from its own CA.
 */
public final class Credentials {

  private Credentials() {}

  /** Writes the credentials into {@code args[0]}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: bin/weft credentials DIR");
      System.exit(2);
    }
    TlsFiles files = Security.temporary().writeTo(Path.of(args[0]));
    System.out.println("wrote " + files.ca() + ", " + files.cert() + " and " + files.key() + " (readable only by you);"
        + " pass them to bin/weft run as --tls-ca-file " + files.ca() + " --tls-cert " + files.cert() + " --tls-key " + files.key());
  }
}
