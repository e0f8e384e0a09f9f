package dev.weft.scheduler.state;

/**
 * Scheduler tuning, as in dask's {@code distributed.scheduler.*} keys.
 *
 * @param allowedFailures worker deaths a task may be processing on before it errs with
 *     KilledWorker
 * @param workerSaturation root tasks in flight per worker thread before the rest are queued on
 *     the scheduler ({@code Double.POSITIVE_INFINITY} disables queuing)
 * @param workerTtlMillis a worker silent for this long is removed
 * @param clientTtlMillis a client silent for this long is removed and its wants released
 * @param fifoTimeoutMillis submissions further apart start a new priority generation
 * @param unknownTaskDurationMillis expected duration of a function never seen to finish
 * @param bandwidthBytesPerSecond assumed transfer speed, to weigh data locality
 * @param transitionLogLength transitions kept for {@code story(key)}
 * @param validate check invariants after every stimulus (on in tests)
 * @param stealIntervalMillis scheduler time between work-stealing rounds (dask's
 *     {@code work-stealing-interval}, 100 ms); 0 turns stealing off
 * @param leaseTimeoutMillis a semaphore or lock lease (and a multi-lock) whose client has been
 *     silent this long is released (dask's {@code distributed.scheduler.locks.lease-timeout}, 30 s);
 *     a client's heartbeats refresh its leases
 * @param fairShare queued root tasks are handed out between clients by their shares (see
 *     {@link QueuedTasks}); off: dask's global priority order
 */
public record SchedulerConfig(
    int allowedFailures, double workerSaturation, long workerTtlMillis, long clientTtlMillis, long fifoTimeoutMillis,
    double unknownTaskDurationMillis, double bandwidthBytesPerSecond, int transitionLogLength,
    boolean validate, long stealIntervalMillis, long leaseTimeoutMillis, boolean fairShare) {

  /** dask's defaults, and fair share between clients on. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(3, 1.1, 300_000, 60_000, 100, 500, 100e6, 100_000, false, 100, 30_000, true);
  }

  /** The same configuration with another work-stealing interval (0: no stealing). */
  public SchedulerConfig withStealIntervalMillis(long interval) {
    return new SchedulerConfig(allowedFailures, workerSaturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, interval, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with invariant checking switched on or off. */
  public SchedulerConfig withValidate(boolean on) {
    return new SchedulerConfig(allowedFailures, workerSaturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, on, stealIntervalMillis, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with another worker time-to-live. */
  public SchedulerConfig withWorkerTtlMillis(long ttl) {
    return new SchedulerConfig(allowedFailures, workerSaturation, ttl, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with another client time-to-live. */
  public SchedulerConfig withClientTtlMillis(long ttl) {
    return new SchedulerConfig(allowedFailures, workerSaturation, workerTtlMillis, ttl, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with another number of worker deaths a task may survive. */
  public SchedulerConfig withAllowedFailures(int failures) {
    return new SchedulerConfig(failures, workerSaturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with another worker saturation. */
  public SchedulerConfig withWorkerSaturation(double saturation) {
    return new SchedulerConfig(allowedFailures, saturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, leaseTimeoutMillis, fairShare);
  }

  /** The same configuration with another lease timeout. */
  public SchedulerConfig withLeaseTimeoutMillis(long timeout) {
    return new SchedulerConfig(allowedFailures, workerSaturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, timeout, fairShare);
  }

  /** The same configuration with fair share between clients on or off (off: dask's order). */
  public SchedulerConfig withFairShare(boolean on) {
    return new SchedulerConfig(allowedFailures, workerSaturation, workerTtlMillis, clientTtlMillis, fifoTimeoutMillis,
        unknownTaskDurationMillis, bandwidthBytesPerSecond, transitionLogLength, validate, stealIntervalMillis, leaseTimeoutMillis,
        on);
  }
}
