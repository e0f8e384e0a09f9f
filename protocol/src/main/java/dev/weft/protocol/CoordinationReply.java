package dev.weft.protocol;

import java.util.List;

/**
 * The answer to a {@link Coordination} request: {@code error} says why it failed ("" when it did
 * not); {@code ok} whether it got what it waited for (an acquire, a get, an event wait, a dataset
 * that exists; false when it timed out); {@code count} a number asked for (leases held, queue
 * length); {@code values} the items or value taken; {@code names} the datasets listed.
 */
public record CoordinationReply(String error, boolean ok, long count, List<SharedValue> values, List<String> names)
    implements Reply {}
