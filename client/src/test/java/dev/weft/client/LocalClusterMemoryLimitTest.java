package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.MemoryLimit;
import dev.weft.worker.verticle.WorkerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code LocalClusterBuilder.memoryLimit} and a worker's JSON {@code memoryLimit} read as dask's
 * {@code memory_limit}, against this machine's memory ({@link MemoryLimit#machineBytes()}) for
 * worker JVMs and this JVM's heap for in-process workers; no cluster is started.
 */
class LocalClusterMemoryLimitTest {

  private static final long MACHINE = MemoryLimit.machineBytes();

  /** What in-process workers divide: this JVM's heap (they share it). */
  private static final long HEAP = Runtime.getRuntime().maxMemory();

  @Test
  void theBuilderReadsDasksForms() {
    assertEquals(MACHINE / 2, LocalCluster.builder().processes(true).memoryLimit("0.5").spec().memoryLimitBytes());
    assertEquals(MACHINE / 4, LocalCluster.builder().processes(true).nWorkers(4).spec().memoryLimitBytes(), "auto is the default");
    assertEquals(MACHINE / 4, LocalCluster.builder().processes(true).nWorkers(4).memoryLimit("auto").spec().memoryLimitBytes());
    assertEquals(MACHINE, LocalCluster.builder().processes(true).nWorkers(0).memoryLimit("auto").spec().memoryLimitBytes());
    assertEquals(MACHINE, LocalCluster.builder().processes(true).memoryLimit("1").spec().memoryLimitBytes());
    assertEquals(MACHINE, LocalCluster.builder().processes(true).memoryLimit("1000PiB").spec().memoryLimitBytes(), "capped");
    assertEquals(HEAP / 4, LocalCluster.builder().nWorkers(4).spec().memoryLimitBytes(), "in-process: the shared heap");
    assertEquals(HEAP / 2, LocalCluster.builder().memoryLimit("0.5").spec().memoryLimitBytes(), "in-process: of the heap");
    assertEquals(64L << 20, LocalCluster.builder().memoryLimit("64MiB").spec().memoryLimitBytes());
    assertEquals(64L << 20, LocalCluster.builder().memoryLimit(64L << 20).spec().memoryLimitBytes());
    assertEquals(1, LocalCluster.builder().memoryLimit(1L).spec().memoryLimitBytes(), "bytes, not a fraction");
    for (String none : new String[] {null, "0", "none"}) {
      assertEquals(0, LocalCluster.builder().memoryLimit(none).spec().memoryLimitBytes(), none);
    }
    assertEquals(0, LocalCluster.builder().memoryLimit(0L).spec().memoryLimitBytes());
  }

  @Test
  void anUnreadableLimitFailsBuildNamingTheKey() {
    for (String bad : List.of("lots", "-1", "2 GiBs")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LocalCluster.builder().memoryLimit(bad).spec());
      assertTrue(e.getMessage().startsWith("memoryLimit: cannot read \"" + bad + "\" as a memory limit: "), e.getMessage());
      assertTrue(e.getMessage().contains("accepted: "), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalCluster.builder().memoryLimit(-5L).spec());
    assertTrue(e.getMessage().startsWith("memoryLimit: ") && e.getMessage().contains("must not be negative"),
        e.getMessage());
  }

  @Test
  void aWorkersJsonTakesANumberOrAString() {
    assertEquals(MACHINE, worker(new JsonObject()), "auto: one worker on the machine");
    assertEquals(MACHINE / 2, worker(new JsonObject().put("memoryLimit", 0.5)));
    assertEquals(MACHINE, worker(new JsonObject().put("memoryLimit", 1)), "1 is the whole machine, as in dask");
    assertEquals(2_000_000_000L, worker(new JsonObject().put("memoryLimit", 2_000_000_000L)));
    assertEquals(2L << 30, worker(new JsonObject().put("memoryLimit", "2GiB")));
    assertEquals(0, worker(new JsonObject().put("memoryLimit", 0)));
    assertEquals(0, worker(new JsonObject().put("memoryLimit", "none")));
    assertEquals(0, worker(new JsonObject().putNull("memoryLimit")));
    assertThrows(IllegalArgumentException.class, () -> worker(new JsonObject().put("memoryLimit", "lots")));
  }

  @Test
  void aWorkerJvmGetsExactlyTheBuildersBytes() {
    for (long bytes : new long[] {0, 64L << 20, (64L << 20) + 1}) {
      LocalClusterSpec spec = LocalCluster.builder().processes(true).memoryLimit(bytes).spec();
      String conf = WorkerJvm.command(spec, "w", "127.0.0.1:5701", null).stream()
          .filter(a -> a.startsWith("-conf=")).findFirst().orElseThrow().substring("-conf=".length());
      assertEquals(bytes, worker(new JsonObject(conf)), conf);
    }
  }

  private static long worker(JsonObject json) {
    return WorkerOptions.fromJson(json, true).memoryLimit();
  }
}
