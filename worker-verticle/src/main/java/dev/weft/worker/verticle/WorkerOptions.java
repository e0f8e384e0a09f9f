package dev.weft.worker.verticle;

import dev.weft.worker.state.WorkerConfig;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a worker's settings from JSON (the {@code -conf} of {@code bin/weft run worker}). Keys:
 * {@code name} (default: a unique name from the host's pid), {@code nthreads} (default: cores),
 * {@code memoryLimit} (bytes; default: the heap), {@code resources} (name → amount),
 * {@code heartbeatMillis} (1000), {@code inlineLimitBytes} (results up to this size travel with
 * the finish message; default 64 KiB between JVMs, unlimited inside one), {@code validate}.
 */
public final class WorkerOptions {

  private WorkerOptions() {}

  /** The worker configuration in {@code json}; {@code clustered} picks the inline default. */
  public static WorkerConfig fromJson(JsonObject json, boolean clustered) {
    String name = json.getString("name",
        "worker-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 6));
    int nthreads = json.getInteger("nthreads", Runtime.getRuntime().availableProcessors());
    long memory = json.getLong("memoryLimit", Runtime.getRuntime().maxMemory());
    Map<String, Double> resources = new LinkedHashMap<>();
    json.getJsonObject("resources", new JsonObject()).forEach(e -> resources.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
    long inline = json.getLong("inlineLimitBytes", clustered ? 64 * 1024L : Long.MAX_VALUE);
    if (nthreads < 1) {
      throw new IllegalArgumentException("nthreads must be >= 1, got " + nthreads);
    }
    return new WorkerConfig(name, nthreads, memory, Map.copyOf(resources), inline,
        json.getBoolean("validate", Boolean.getBoolean("weft.validate")));
  }

  /** Heartbeat interval in {@code json}, in milliseconds. */
  public static long heartbeatMillis(JsonObject json) {
    return json.getLong("heartbeatMillis", 1000L);
  }
}
