package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker JVM that cannot start (here: an option the JVM does not know) makes {@code build()} fail
 * after {@value WorkerJvms#START_DEATHS} deaths with what the JVM wrote, instead of waiting for the
 * registration deadline while its nanny restarts it over and over.
 */
@Tag("multi-jvm")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WorkerJvmStartFailureTest {

  @Test
  void aWorkerJvmThatCannotStartFailsBuildSayingWhy() {
    String before = System.getProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY);
    System.setProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY, "-XX:+WeftNoSuchOption");
    long start = System.nanoTime();
    WeftException e;
    try {
      e = assertThrows(WeftException.class,
          () -> LocalCluster.builder().processes(true).nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build());
    } finally {
      if (before == null) {
        System.clearProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY);
      } else {
        System.setProperty(WorkerJvm.JAVA_OPTIONS_PROPERTY, before);
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String m = e.getMessage();
    Matcher died = Pattern.compile("worker JVM worker-0 died (\\d+) times before registering").matcher(m);
    assertTrue(died.find(), m);
    assertTrue(Integer.parseInt(died.group(1)) >= WorkerJvms.START_DEATHS, m);
    assertTrue(m.contains("WeftNoSuchOption"), "what the JVM wrote: " + m);
    // the registration deadline is 120 s; three failed starts take well under that even on a loaded machine
    assertTrue(took.compareTo(Duration.ofSeconds(90)) < 0, "failed after " + took);
  }
}
