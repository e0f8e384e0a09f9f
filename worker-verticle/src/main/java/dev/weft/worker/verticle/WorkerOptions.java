package dev.weft.worker.verticle;

import dev.weft.protocol.cluster.Clustering;
import dev.weft.worker.state.MemorySettings;
import dev.weft.worker.state.WorkerConfig;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a worker's settings from JSON (the {@code -conf} of {@code bin/weft run worker}). Keys:
 * {@code name} (default: a unique name from the host's pid), {@code nthreads} (default: cores),
 * {@code memoryLimit} (as {@link dev.weft.protocol.MemoryLimit#parse}; default "auto": all the machine), {@code resources} (name → amount),
 * {@code heartbeatMillis} (1000), {@code inlineLimitBytes} (results up to this size travel with
 * the finish message; default 64 KiB between JVMs, unlimited inside one), {@code validate},
 * {@code dataChannelBytes} (values serialized larger than this go to peers and clients over the
 * direct data channel instead of the event bus; default 1 MiB), {@code dataHost} (the host the
 * data channel listens on; default the host this node's event bus binds), and the memory keys of
 * {@link #memorySettings}.
 */
public final class WorkerOptions {

  private WorkerOptions() {}

  /** The worker configuration in {@code json}; {@code clustered} picks the inline default. */
  public static WorkerConfig fromJson(JsonObject json, boolean clustered) {
    String name = json.getString("name",
        "worker-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 6));
    int nthreads = json.getInteger("nthreads", Runtime.getRuntime().availableProcessors());
    long memory = dev.weft.protocol.MemoryLimit.parse(java.util.Objects.toString(json.getValue("memoryLimit", "auto"), null),
        dev.weft.protocol.MemoryLimit.machineBytes(), 1);
    Map<String, Double> resources = new LinkedHashMap<>();
    json.getJsonObject("resources", new JsonObject()).forEach(e -> resources.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
    long inline = json.getLong("inlineLimitBytes", clustered ? 64 * 1024L : Long.MAX_VALUE);
    if (nthreads < 1) {
      throw new IllegalArgumentException("nthreads must be >= 1, got " + nthreads);
    }
    return new WorkerConfig(name, nthreads, memory, Map.copyOf(resources), inline,
        json.getBoolean("validate", Boolean.getBoolean("weft.validate")), memorySettings(json));
  }

  /**
   * The memory thresholds and spill place in {@code json} ({@code memoryTarget}, {@code memorySpill},
   * {@code memoryPause}: fractions of the limit, 0 for off; {@code localDirectory};
   * {@code maxSpill}: bytes, 0 for no bound). A worker started from JSON has its JVM to itself
   * (its process memory is measured) unless {@code ownJvm} is false.
   */
  static MemorySettings memorySettings(JsonObject json) {
    MemorySettings d = MemorySettings.DEFAULT;
    return new MemorySettings(json.getDouble("memoryTarget", d.target()), json.getDouble("memorySpill", d.spill()),
        json.getDouble("memoryPause", d.pause()), json.getBoolean("ownJvm", true),
        json.getString("localDirectory", d.localDirectory()), json.getLong("maxSpill", d.maxSpillBytes()));
  }

  /** Serialized size above which values travel over the data channel, from {@code json}. */
  public static long dataChannelBytes(JsonObject json) {
    long bytes = json.getLong("dataChannelBytes", DataChannel.DEFAULT_THRESHOLD_BYTES);
    if (bytes < 0) {
      throw new IllegalArgumentException("dataChannelBytes must be >= 0, got " + bytes);
    }
    return bytes;
  }

  /** The host the data channel listens on: {@code json}'s "dataHost", else the host {@code vertx}'s node binds. */
  public static String dataHost(JsonObject json, io.vertx.core.Vertx vertx) {
    return json.getString("dataHost", Clustering.host(vertx));
  }

  /** The "nanny" key: true when a nanny started this worker's JVM and starts it again when it exits. */
  public static boolean underNanny(JsonObject json) {
    return json.getBoolean("nanny", false);
  }

  /** Heartbeat interval in {@code json}, in milliseconds. */
  public static long heartbeatMillis(JsonObject json) {
    return json.getLong("heartbeatMillis", 1000L);
  }
}
