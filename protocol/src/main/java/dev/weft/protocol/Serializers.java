package dev.weft.protocol;

/**
 * The serializer every Weft component uses for values that cross a JVM boundary. Scheduler,
 * workers and clients must agree on it: each registers its event-bus codec with
 * {@link #DEFAULT}, and {@link Payload#value()} decodes with it.
 */
public final class Serializers {

  /** Fory with JDK serialization as fallback; reads plain JDK streams too. */
  public static final ValueSerializer DEFAULT = new ForySerializer();

  private Serializers() {}
}
