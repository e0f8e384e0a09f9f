package dev.weft.protocol.tls;

import java.nio.file.Path;

/**
 * Where a process's TLS credentials are on disk, as {@code bin/weft run} and the JSON keys
 * {@code tlsCaFile}, {@code tlsCert} and {@code tlsKey} name them.
 *
 * @param ca the CA certificate (PEM)
 * @param cert this process's certificate (PEM)
 * @param key this process's private key (PEM)
 */
public record TlsFiles(Path ca, Path cert, Path key) {}
