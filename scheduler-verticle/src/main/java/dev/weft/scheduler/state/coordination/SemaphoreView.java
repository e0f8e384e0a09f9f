package dev.weft.scheduler.state.coordination;

/**
 * One semaphore as {@code /metrics} shows it (dask's semaphore metrics).
 *
 * @param name its name
 * @param maxLeases leases it may grant at once
 * @param leases leases held now
 * @param pending acquires waiting now
 * @param acquired leases granted since it was made
 * @param released leases given back or expired since it was made
 */
public record SemaphoreView(String name, int maxLeases, int leases, int pending, long acquired, long released) {}
