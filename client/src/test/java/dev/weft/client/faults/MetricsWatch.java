package dev.weft.client.faults;

import static dev.weft.client.faults.FuzzTest.LAG;
import static dev.weft.client.faults.FuzzTest.MAX_LAG_SECONDS;
import static dev.weft.client.faults.FuzzTest.SCRAPE_MILLIS;
import static dev.weft.client.faults.FuzzTest.WORKERS;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scrapes the scheduler's /metrics every {@link #SCRAPE_MILLIS} ms on a thread of its own, keeping
 * the latest values, the event-loop lag of each scrape, every worker count seen, and (to tell a
 * loaded machine from a slow scheduler) the scheduler's GC pauses and CPU use.
 */
final class MetricsWatch implements AutoCloseable {
  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

  private final String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fuzz-metrics-watch");
    t.setDaemon(true);
    return t;
  });
  private volatile Map<String, Double> latest = Map.of();
  /**
   * Per scrape from the start of the fuzzing on: when it ended (System.nanoTime() in ms), lag (s), GC pause
   * total (s), system CPU use (0..1), load average, wall-clock ms.
   */
  private final List<double[]> samples = new ArrayList<>();
  /** The same, for scrapes before the fuzzing starts (reported, not asserted on). */
  private final List<double[]> before = new ArrayList<>();
  /** When the fuzzing started (System.nanoTime()); 0 until then. */
  private long fuzzStartNanos;
  private final Set<Integer> workersSeen = new java.util.TreeSet<>();
  private final List<String> failures = new ArrayList<>();

  MetricsWatch(String url) {
    this.url = url;
  }

  /** Starts scraping (the scrapes count from {@link #fuzzingStarts} on). */
  void start() {
    thread.scheduleWithFixedDelay(() -> {
      try {
        long startNanos = System.nanoTime();
        Map<String, Double> m = scrapeNow();
        synchronized (this) {
          boolean fuzzing = fuzzStartNanos != 0 && startNanos >= fuzzStartNanos;
          (fuzzing ? samples : before).add(new double[] {System.nanoTime() / 1e6,
              m.getOrDefault(LAG, Double.NaN), m.getOrDefault("jvm_gc_pause_seconds_sum", Double.NaN),
              m.getOrDefault("system_cpu_usage", Double.NaN), m.getOrDefault("system_load_average_1m", Double.NaN),
              System.currentTimeMillis()});
          if (fuzzing && m.get(WORKERS) != null) {
            workersSeen.add(m.get(WORKERS).intValue());
          }
        }
        latest = m;
      } catch (RuntimeException e) {
        synchronized (this) {
          failures.add(String.valueOf(e));
        }
      }
    }, 0, SCRAPE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the last {@code scrapes} scrapes all showed a lag under {@code seconds}; false if
   * that did not happen within {@code timeout}.
   */
  boolean awaitQuiet(double seconds, int scrapes, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (before.size() >= scrapes
            && before.subList(before.size() - scrapes, before.size()).stream().allMatch(s -> s[1] < seconds)) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Marks the start of the fuzzing: the scrapes begun from now on are the ones asserted on. */
  synchronized void fuzzingStarts(long nanos) {
    fuzzStartNanos = nanos;
  }

  /** Stops scraping, waiting for a scrape under way to end. */
  void stop() throws InterruptedException {
    thread.shutdown();
    assertTrue(thread.awaitTermination(1, TimeUnit.MINUTES), "the metrics watch stopped");
  }

  /** Polls the scraped value of {@code name} until it is at least {@code expected}; returns the last value seen. */
  long awaitAtLeast(String name, long expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Double v = latest.get(name);
      long seen = v == null ? -1 : (long) v.doubleValue();
      if (seen >= expected || System.nanoTime() > deadline) {
        return seen;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + name, e);
      }
    }
  }

  /** One scrape now, as metric name → value (summed over label sets). */
  Map<String, Double> scrapeNow() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    String body;
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + url + ": " + r.statusCode());
      }
      body = r.body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Map<String, Double> out = new TreeMap<>();
    Matcher m = LINE.matcher(body);
    while (m.find()) {
      try {
        out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
      } catch (NumberFormatException notANumber) {
        // not a sample line
      }
    }
    return out;
  }

  /** The worst event-loop lag scraped, in seconds (0 before any scrape). */
  synchronized double maxLag() {
    return samples.stream().mapToDouble(s -> s[1]).filter(x -> !Double.isNaN(x)).max().orElse(0);
  }

  synchronized Set<Integer> workersSeen() {
    return Set.copyOf(workersSeen);
  }

  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  /** The lag's maximum and distribution, and the scrapes around the worst ones. */
  synchronized String report() {
    double[] lags = samples.stream().mapToDouble(s -> s[1]).filter(x -> !Double.isNaN(x)).sorted().toArray();
    StringBuilder sb = new StringBuilder(String.format(
        "scheduler event-loop lag: max %.4f s over %d scrapes (median %.4f, 90th percentile %.4f; %d scrapes ≥ 0.1 s)"
            + "; registered workers seen: %s; scrape failures: %d%n",
        maxLag(), lags.length, percentile(lags, 0.5), percentile(lags, 0.9),
        java.util.Arrays.stream(lags).filter(x -> x >= MAX_LAG_SECONDS).count(), workersSeen, failures.size()));
    sb.append(String.format("  before the fuzzing: %d scrapes, max lag %.4f s%n", before.size(),
        before.stream().mapToDouble(s -> s[1]).filter(x -> !Double.isNaN(x)).max().orElse(0)));
    List<double[]> all = new ArrayList<>(before);
    all.addAll(samples);
    all.stream().filter(s -> s[1] >= 0.02).limit(30).forEach(s -> sb.append(String.format(
        "  %s (%+6.0f ms from the first send): lag %.4f s, scheduler GC pauses since /metrics was first read %.3f s, system CPU %.0f%%, load %.2f%n",
        java.time.Instant.ofEpochMilli((long) s[5]).atZone(java.time.ZoneId.systemDefault()).toLocalTime(),
        s[0] - fuzzStartNanos / 1e6, s[1], s[2], s[3] * 100, s[4])));
    return sb.toString();
  }

  private static double percentile(double[] sorted, double q) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
