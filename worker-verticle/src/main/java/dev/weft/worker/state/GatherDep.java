package dev.weft.worker.state;

import java.util.List;

/** Fetch {@code keys} from the peer worker {@code worker}. */
public record GatherDep(String worker, List<String> keys) implements Instruction {}
