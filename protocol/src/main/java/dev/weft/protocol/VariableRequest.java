package dev.weft.protocol;

/**
 * About the variable {@code name} (dask's {@code Variable}): SET replaces its value with
 * {@code value} (a future's task is kept while it is the value); GET answers the value, waiting up
 * to {@code timeoutMillis} until one is set; DELETE unsets it. {@code value} is null but for SET.
 */
public record VariableRequest(String clientId, Op op, String name, SharedValue value, long timeoutMillis)
    implements Coordination {

  /** What is asked. */
  public enum Op { SET, GET, DELETE }
}
