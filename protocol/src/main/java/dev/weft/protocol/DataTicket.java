package dev.weft.protocol;

/**
 * Where to collect one large value that a worker would not put in an event-bus message: connect
 * to {@code host}:{@code port} (the worker's data channel), send {@code token} (ASCII, once; it
 * expires if unused), and read exactly {@code length} bytes: with an empty {@code layout}, the
 * value serialized by the cluster's {@link ValueSerializer}; else the elements of a primitive
 * array of that type ({@code "double[]"}, {@code "long[]"}, {@code "int[]"}, {@code "float[]"},
 * {@code "short[]"}, {@code "char[]"}, {@code "byte[]"}), little-endian, with no header.
 */
public record DataTicket(String host, int port, String token, long length, String layout) {

  /** A ticket for serialized bytes. */
  public DataTicket(String host, int port, String token, long length) {
    this(host, port, token, length, "");
  }
}
