package dev.weft.protocol.state;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * "Every declared edge is taken by some test", over several scenario classes: each scenario class
 * records the moves its state machines made ({@link #record}, from an {@code @AfterEach}), and a
 * coverage test runs the classes in-process and lists the declared edges none of them took
 * ({@link #untaken}). Edges are compared by their {@code "FROM->TO"} text.
 */
public final class EdgeCoverage {

  /** Moves per edge recorded since the last {@link #untaken} run began. */
  private static final Map<String, Long> TAKEN = new LinkedHashMap<>();

  private EdgeCoverage() {}

  /** Adds a state machine's per-edge counts (keys print as "FROM->TO"). */
  public static synchronized void record(Map<?, Long> counts) {
    counts.forEach((edge, n) -> TAKEN.merge(edge.toString(), n, Long::sum));
  }

  /**
   * Runs {@code scenarios} (which must all pass) and returns the edges of {@code declared} that
   * none of their tests took.
   */
  public static List<String> untaken(Collection<?> declared, Class<?>... scenarios) {
    synchronized (EdgeCoverage.class) {
      TAKEN.clear();
    }
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    for (Class<?> c : scenarios) {
      request.selectors(selectClass(c));
    }
    LauncherDiscoveryRequest built = request.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(built, summary);
    TestExecutionSummary result = summary.getSummary();
    if (result.getTotalFailureCount() > 0 || result.getTestsSucceededCount() == 0) {
      StringBuilder why = new StringBuilder("scenario tests must pass first: ");
      result.getFailures().forEach(f -> why.append(f.getTestIdentifier().getDisplayName()).append(": ")
          .append(f.getException()).append("; "));
      throw new AssertionError(why.toString());
    }
    List<String> untaken = new ArrayList<>();
    synchronized (EdgeCoverage.class) {
      for (Object edge : declared) {
        if (TAKEN.getOrDefault(edge.toString(), 0L) == 0) {
          untaken.add(edge.toString());
        }
      }
    }
    return untaken;
  }
}
