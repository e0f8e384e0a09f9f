package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.protocol.jvm.ClassArchive;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W6: from {@code LocalCluster.builder()…build()} to the first result of {@code submit(inc, 1)},
 * in a fresh JVM each time (as dask's {@code startup.py} uses a fresh interpreter), so class
 * loading and a cold JIT count. The JVM's own boot is not counted, as dask does not count the
 * interpreter's. The dashboard is off, as in dask's {@code startup.py}. Like every JVM Weft
 * starts, the child maps the classes an earlier start stored ({@link ClassArchive}); the harness's
 * warm-up run stores them. Run as {@code Startup in-process|multi-jvm}: prints the seconds.
 */
public final class Startup {

  private static final String PREFIX = "startup-seconds ";

  private Startup() {}

  /** Starts a 2 × 1 cluster of the shape {@code args[0]} and prints the time to the first result. */
  public static void main(String[] args) {
    boolean processes = switch (args.length == 1 ? args[0] : "") {
      case "in-process" -> false;
      case "multi-jvm" -> true;
      default -> throw new IllegalArgumentException("usage: Startup in-process|multi-jvm");
    };
    long start = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).processes(processes)
        .dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      int v = client.submit(Tasks::inc, 1).result();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (v != 2) {
        throw new IllegalStateException("inc(1) = " + v);
      }
      System.out.println(PREFIX + String.format(Locale.ROOT, "%.4f", seconds));
    }
  }

  /** Seconds to the first result in a fresh JVM of this classpath, for the shape {@code shape}. */
  static double inFreshJvm(String shape) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    String classpath = System.getProperty("java.class.path");
    // Started as bin/weft starts Weft's JVMs: with the class archive an earlier run of this shape
    // wrote (the warm-up run writes it), as the worker JVMs a LocalCluster starts are.
    cmd.addAll(ClassArchive.jvmOptions("startup-" + shape, classpath));
    cmd.addAll(List.of("-cp", classpath, Startup.class.getName(), shape));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Double seconds = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        output.append(line).append('\n');
        if (line.startsWith(PREFIX)) {
          seconds = Double.parseDouble(line.substring(PREFIX.length()));
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0 || seconds == null) {
      throw new IllegalStateException("startup child (" + shape + ") exited " + exit + ":\n" + output);
    }
    return seconds;
  }
}
