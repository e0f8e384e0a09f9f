package dev.weft.client.state;

import java.util.List;

/**
 * Give each of {@code handles} the outcome {@code outcome} (a LOST outcome makes a done future
 * wait again). A future the user cancelled meanwhile stays cancelled.
 *
 * @param <H> the type of the handles of the futures
 * @param handles the futures, all on one key
 * @param outcome their key's outcome
 */
public record UpdateFutures<H>(List<H> handles, Outcome outcome) implements ClientEffect<H> {}
