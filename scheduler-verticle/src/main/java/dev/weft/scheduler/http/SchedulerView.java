package dev.weft.scheduler.http;

import dev.weft.scheduler.state.SchedulerState;
import java.util.function.LongSupplier;

/**
 * What the scheduler's HTTP server may read, always on the scheduler's context.
 *
 * @param state the scheduling state (read only), with its task stream
 * @param address the scheduler's address, as clients print it
 * @param startedMillis when the scheduler started (epoch ms)
 * @param rejectedMessages messages the scheduler refused (malformed, unknown sender, ...), since start
 */
public record SchedulerView(
    SchedulerState state, String address, long startedMillis, LongSupplier rejectedMessages) {}
