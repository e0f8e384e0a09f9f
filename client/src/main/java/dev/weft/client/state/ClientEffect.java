package dev.weft.client.state;

/**
 * What {@link ClientState} asks its shell to do: send a message to the scheduler, or give futures
 * a new outcome.
 *
 * @param <H> the type of the handles of the futures
 */
public sealed interface ClientEffect<H> permits SendToScheduler, UpdateFutures {}
