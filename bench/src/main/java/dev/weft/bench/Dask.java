package dev.weft.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dask.distributed side: runs one of the anchor scripts ({@code throughput.py},
 * {@code latency.py}, …, which print one JSON line of {@code {median, min, max}} figures) with
 * {@code /usr/bin/python3} and reads its figures. The scripts wait for a quiet machine before each
 * repetition; {@code BENCH_QUIET_MAX_WAIT_S} bounds that wait so the harness keeps its time budget.
 */
final class Dask {

  /** The interpreter that has Debian's {@code python3-distributed}. */
  static final String PYTHON = "/usr/bin/python3";

  private final Path scripts;
  private final Path logs;

  /** The scripts in {@code scripts}; each one's output goes to {@code logs}. */
  Dask(Path scripts, Path logs) {
    this.scripts = scripts;
    this.logs = logs;
  }

  /** True when the interpreter imports {@code distributed} and the scripts are there; else why not. */
  String unavailable() throws InterruptedException {
    if (!Files.isRegularFile(scripts.resolve("throughput.py"))) {
      return "no dask scripts in " + scripts;
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import distributed").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0 ? null : PYTHON + " cannot import distributed (apt-get install python3-distributed)";
    } catch (IOException e) {
      return PYTHON + " does not run: " + e.getMessage();
    }
  }

  /**
   * Runs {@code script} with {@code args}; its JSON result, or null when it was still running at
   * {@code deadlineNanos} ({@link System#nanoTime()}) and was stopped.
   */
  JsonObject run(long deadlineNanos, String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, scripts.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Files.createDirectories(logs);
    String name = "dask-" + script.replace(".py", "");
    File log = logs.resolve(name + ".log").toFile();
    File json = logs.resolve(name + ".json").toFile();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log).redirectOutput(json);
    pb.environment().putIfAbsent("BENCH_QUIET_MAX_WAIT_S", "3");
    Process p = pb.start();
    if (!p.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor();
      return null;
    }
    if (p.exitValue() != 0) {
      throw new IOException(script + " failed (see " + log + ")");
    }
    String out = Files.readString(json.toPath(), StandardCharsets.UTF_8);
    String last = null;
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        last = line;
      }
    }
    if (last == null) {
      throw new IOException(script + " printed no JSON line (see " + log + ")");
    }
    return new JsonObject(last);
  }

  /** The {@code {median, min, max, n}} figure at {@code path} (keys, outermost first) of a result. */
  static Stats stats(JsonObject result, String... path) {
    JsonObject o = result;
    for (String k : path) {
      o = o.getJsonObject(k);
      if (o == null) {
        throw new IllegalArgumentException("no " + String.join(".", path) + " in " + result.encode());
      }
    }
    return new Stats(o.getDouble("median"), o.getDouble("min"), o.getDouble("max"), o.getInteger("n", 1));
  }
}
