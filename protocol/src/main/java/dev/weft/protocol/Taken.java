package dev.weft.protocol;

import java.util.List;

/**
 * The client now holds futures on {@code keys}, which a queue, variable or dataset handed it: the
 * scheduler stops keeping those tasks for the hand-over (a client that dies before saying so loses
 * them with its other wants). Not answered.
 */
public record Taken(String clientId, List<String> keys) implements Coordination {}
