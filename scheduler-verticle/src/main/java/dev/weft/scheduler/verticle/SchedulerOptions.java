package dev.weft.scheduler.verticle;

import dev.weft.scheduler.state.SchedulerConfig;
import io.vertx.core.json.JsonObject;

/**
 * Reads a {@link SchedulerConfig} from JSON (the {@code -conf} file of {@code bin/weft run
 * scheduler}). Keys: {@code allowedFailures}, {@code workerSaturation}, {@code workerTtlMillis},
 * {@code clientTtlMillis},
 * {@code fifoTimeoutMillis}, {@code unknownTaskDurationMillis}, {@code bandwidth},
 * {@code transitionLogLength}, {@code validate}, {@code stealIntervalMillis} (100; 0 = no work
 * stealing), {@code leaseTimeoutMillis} (30000), {@code fairShare} (true; false for dask's global
 * order of queued root tasks), {@code dashboardAddress} (":8787"; null for no
 * dashboard), {@code blockedHandlers} (names from {@link BlockedHandlers#NAMES}); absent keys keep
 * dask's defaults.
 */
public final class SchedulerOptions {

  private SchedulerOptions() {}

  /** The configuration in {@code json}, defaults for absent keys. */
  public static SchedulerConfig fromJson(JsonObject json) {
    SchedulerConfig d = SchedulerConfig.defaults();
    return new SchedulerConfig(
        json.getInteger("allowedFailures", d.allowedFailures()),
        json.getDouble("workerSaturation", d.workerSaturation()),
        json.getLong("workerTtlMillis", d.workerTtlMillis()),
        json.getLong("clientTtlMillis", d.clientTtlMillis()),
        json.getLong("fifoTimeoutMillis", d.fifoTimeoutMillis()),
        json.getDouble("unknownTaskDurationMillis", d.unknownTaskDurationMillis()),
        json.getDouble("bandwidth", d.bandwidthBytesPerSecond()),
        json.getInteger("transitionLogLength", d.transitionLogLength()),
        json.getBoolean("validate", Boolean.getBoolean("weft.validate")),
        json.getLong("stealIntervalMillis", d.stealIntervalMillis()),
        json.getLong("leaseTimeoutMillis", d.leaseTimeoutMillis()),
        json.getBoolean("fairShare", d.fairShare()));
  }

  /** The operations to refuse: {@code blockedHandlers} in {@code json}, none when absent. */
  public static java.util.List<String> blockedHandlers(JsonObject json) {
    io.vertx.core.json.JsonArray names = json.getJsonArray("blockedHandlers", new io.vertx.core.json.JsonArray());
    return names.stream().map(String::valueOf).toList();
  }

  /** Where the dashboard listens: {@code dashboardAddress} in {@code json}, ":8787" when absent, null for none. */
  public static String dashboardAddress(JsonObject json) {
    return json.containsKey("dashboardAddress") ? json.getString("dashboardAddress") : ":8787";
  }
}
