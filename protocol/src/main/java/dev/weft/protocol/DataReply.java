package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/**
 * Values a worker holds for a {@link GetData}: small ones inline in {@code data}, large ones (between
 * JVMs only) as {@code tickets} for its direct data channel; and the asked-for keys it does not
 * hold. A key is in at most one of the three.
 */
public record DataReply(Map<String, Payload> data, List<String> missing, Map<String, DataTicket> tickets)
    implements Reply {

  /** A reply with every value inline. */
  public DataReply(Map<String, Payload> data, List<String> missing) {
    this(data, missing, Map.of());
  }
}
