package dev.weft.protocol;

/**
 * About the event topic {@code topic} (dask's {@code log_event} family): LOG records
 * {@code message} there (each topic keeps its latest events) and sends it to the topic's
 * subscribers; SUBSCRIBE and UNSUBSCRIBE start and stop sending this client the topic's new events
 * (as {@link LoggedEvent}s to {@link Addresses#clientEvents}); EVENTS answers the kept ones
 * ({@link TopicEvents}). {@code message} is null but for LOG.
 */
public record TopicRequest(String clientId, Op op, String topic, Payload message) implements Coordination {

  /** What is asked. */
  public enum Op { LOG, SUBSCRIBE, UNSUBSCRIBE, EVENTS }
}
