package dev.weft.protocol;

/**
 * About the event {@code name} (dask's {@code Event}): SET sets it and wakes its waiters, CLEAR
 * clears it, IS_SET answers whether it is set, WAIT answers ok once it is set, or not ok after
 * {@code timeoutMillis}.
 */
public record EventRequest(String clientId, Op op, String name, long timeoutMillis) implements Coordination {

  /** What is asked. */
  public enum Op { SET, CLEAR, IS_SET, WAIT }
}
