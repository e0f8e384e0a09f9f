package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/**
 * Fetch these values from the peers named (key → holders, first tried first) and keep them until
 * the scheduler frees them (dask's {@code acquire-replicas}); each arrival is announced with
 * {@link AddKeys}. A key held already is announced at once; one computed or fetched here already
 * is left to finish. {@code stimulusId} names the scheduler stimulus that asked.
 */
public record AcquireReplicas(Map<String, List<String>> whoHas, String stimulusId) implements ToWorker {}
