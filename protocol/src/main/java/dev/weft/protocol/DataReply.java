package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/** Values a worker holds for a {@link GetData}, and the asked-for keys it does not hold. */
public record DataReply(Map<String, Payload> data, List<String> missing) implements Reply {}
