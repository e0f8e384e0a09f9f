package dev.weft.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the resident memory of real worker JVMs, idle and with a full heap, for the numbers
 * behind {@code dev.weft.worker.nanny.JvmMemory}. Not a test (its name keeps it out of the default
 * run): {@code mvn -o verify -pl client -am -Dtest=JvmMemoryMeasurement -Dsurefire.failIfNoSpecifiedTests=false -DskipITs};
 * the numbers are in target/surefire-reports/dev.weft.client.JvmMemoryMeasurement-output.txt.
 * Heaps are set with {@link WorkerJvm#JAVA_OPTIONS_PROPERTY} (the worker's memory limit 0, so no
 * nanny watches) to measure any heap size whatever the heap rule is.
 */
@Tag("multi-jvm")
class JvmMemoryMeasurement {

  /** VmRSS and VmHWM of a process, in MiB, from /proc/(pid)/status. */
  static String rss(String pid) {
    try {
      StringBuilder out = new StringBuilder();
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        for (String key : List.of("VmRSS", "VmHWM", "RssAnon", "RssFile")) {
          if (line.startsWith(key + ":")) {
            out.append(out.length() == 0 ? "" : ", ").append(key).append(' ')
                .append(Long.parseLong(line.replaceAll("\\D", "")) >> 10).append(" MiB");
          }
        }
      }
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills the heap with 1 MiB arrays until less than 4 MiB is free after a full collection (no OutOfMemoryError). */
  static String fillHeap(int ignored) {
    Runtime rt = Runtime.getRuntime();
    List<byte[]> held = new ArrayList<>();
    while (true) {
      long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
      if (free < (16 << 20)) {
        System.gc();
        free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free < (4 << 20)) {
          break;
        }
      }
      held.add(new byte[1 << 20]);
    }
    String out = "full heap (" + held.size() + " MiB held of max " + (rt.maxMemory() >> 20) + " MiB): "
        + rss(String.valueOf(ProcessHandle.current().pid()));
    held.clear();
    return out;
  }

  /** Allocates 1 MiB arrays until the heap runs out, catches the OutOfMemoryError, reports the peak. */
  static String untilOutOfMemory(int ignored) {
    List<byte[]> held = new ArrayList<>();
    int n;
    try {
      while (true) {
        held.add(new byte[1 << 20]);
      }
    } catch (OutOfMemoryError e) {
      n = held.size();
      held = null;
    }
    return "after OutOfMemoryError (" + n + " MiB held): " + rss(String.valueOf(ProcessHandle.current().pid()));
  }

  /** With -XX:NativeMemoryTracking in the options, prints jcmd's summary of the worker's memory. */
  static void nmt(String label, String pid, String options) {
    if (!options.contains("NativeMemoryTracking")) {
      return;
    }
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid,
          "VM.native_memory", "summary").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      System.out.println(label + " NMT:\n" + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void measure(String label, String options) {
    String before = System.getProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY);
    System.setProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY, options);
    try (LocalCluster cluster = LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1)
        .memoryLimit("0").dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      String pid = String.valueOf(cluster.workerPids().get("worker-0"));
      client.gather(client.map(Demo::inc, IntStream.range(0, 20).boxed().toList())).await();
      System.out.println(label + " [" + options + "] idle after 20 tasks: " + rss(pid));
      // Some work, so that more of the worker's code is loaded and compiled: 3,000 small tasks and
      // a few 8 MB results fetched from it.
      for (int round = 0; round < 3; round++) {
        client.gather(client.map(Demo::inc, IntStream.range(round * 1000, round * 1000 + 1000).boxed().toList())).await();
        double[] big = client.submit((Integer n) -> new double[n], 1_000_000 + round).result(Duration.ofMinutes(5));
        if (big.length != 1_000_000 + round) {
          throw new AssertionError(big.length);
        }
      }
      System.out.println(label + " idle after 3,000 tasks and 3 8 MB results: " + rss(pid));
      nmt(label, pid, options);
      System.out.println(label + " " + client.submit(JvmMemoryMeasurement::fillHeap, 0).result(Duration.ofMinutes(5)));
      System.out.println(label + " after fill, seen from outside: " + rss(pid));
      System.out.println(label + " " + client.submit(JvmMemoryMeasurement::untilOutOfMemory, 0).result(Duration.ofMinutes(5)));
      System.out.println(label + " after OutOfMemoryError, seen from outside: " + rss(pid));
      nmt(label, pid, options);
    } finally {
      if (before == null) {
        System.clearProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY);
      } else {
        System.setProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY, before);
      }
    }
  }

  @Test
  void residentMemoryOfWorkerJvms() {
    String heaps = System.getProperty("weft.measure.heaps", "256,1024");
    String extra = System.getProperty("weft.measure.options", "");
    for (String h : heaps.split(",")) {
      measure("heap " + h + " MiB, Xms=Xmx", "-XX:-ExitOnOutOfMemoryError -Xms" + h + "m -Xmx" + h + "m " + extra);
      if (Boolean.getBoolean("weft.measure.smallXms")) {
        measure("heap " + h + " MiB, Xms=8m", "-XX:-ExitOnOutOfMemoryError -Xms8m -Xmx" + h + "m " + extra);
      }
    }
  }
}
