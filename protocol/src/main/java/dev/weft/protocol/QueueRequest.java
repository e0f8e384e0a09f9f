package dev.weft.protocol;

/**
 * About the queue {@code name} (dask's {@code Queue}), made on first use holding at most
 * {@code maxsize} items (0: unbounded, up to {@link Coordination#MAX_QUEUE_ITEMS}). PUT adds
 * {@code item}, waiting up to {@code timeoutMillis} while the queue is full; GET takes {@code count}
 * items in order, waiting up to {@code timeoutMillis} until there are that many; GET_ALL takes
 * every item there now; QSIZE counts them. A put future's task is kept until its item is taken.
 * {@code item} is null but for PUT; {@code count} is 0 but for GET.
 */
public record QueueRequest(String clientId, Op op, String name, int maxsize, SharedValue item, int count,
    long timeoutMillis) implements Coordination {

  /** What is asked. */
  public enum Op { PUT, GET, GET_ALL, QSIZE }
}
