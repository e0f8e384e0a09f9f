package dev.weft.protocol;

/**
 * The coordination family (dask's scheduler extensions for semaphores and locks, multi-locks,
 * queues, variables, events, published datasets and event topics): a client's request about one
 * shared object, by name. Each is answered by a {@link CoordinationReply} ({@link TopicEvents} for
 * an event log): at once, or later for a request that waits (an acquire, a get, an event wait),
 * which the scheduler parks without blocking its loop. {@link Taken} alone is not answered.
 */
public sealed interface Coordination extends ToScheduler
    permits SemaphoreRequest, MultiLockRequest, QueueRequest, VariableRequest, EventRequest, DatasetRequest,
        TopicRequest, Taken {

  /** Longest a request waits on the scheduler; a client that waits longer asks again. */
  long MAX_WAIT_MILLIS = 60_000;
  /** Most leases one semaphore may grant at once. */
  int MAX_LEASES = 1_000_000;
  /** Most items one queue holds (also the bound of an "unbounded" queue), and the largest batch. */
  int MAX_QUEUE_ITEMS = 1_000_000;
  /** Most locks one multi-lock may name. */
  int MAX_LOCKS = 1_000;

  /** The asking client. */
  String clientId();
}
