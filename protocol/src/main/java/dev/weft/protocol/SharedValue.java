package dev.weft.protocol;

/**
 * What a queue or variable holds: a future's {@code key} (its value stays on a worker), or a small
 * {@code value} that travels through the scheduler. Exactly one is non-null.
 */
public record SharedValue(String key, Payload value) {

  /** The future on {@code key}. */
  public static SharedValue future(String key) {
    return new SharedValue(key, null);
  }

  /** The value {@code value}. */
  public static SharedValue of(Payload value) {
    return new SharedValue(null, value);
  }
}
