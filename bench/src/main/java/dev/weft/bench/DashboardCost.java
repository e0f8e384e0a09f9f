package dev.weft.bench;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What keeping the dashboard open costs the scheduler (issue 5: at most 5%), on W1's shape: a
 * 100,000-task {@code map(inc)} + gather on 2 workers × 1 thread in this JVM, measured with no
 * page open, with one live event stream open (exactly what a page makes the scheduler do), and
 * with Debian's headless Chromium showing {@code /status} (which also spends this 2-core
 * machine's CPU on drawing). The three are interleaved run by run so drift in the machine's
 * load hits them alike. Prints medians [min–max] of the rate and of this JVM's CPU time per task
 * (scheduler, workers and client: the figure other load on the machine disturbs least), and each
 * cost against "closed".
 *
 * <p>{@code java -cp "bench/target/classes:$(bin/weft classpath)" dev.weft.bench.DashboardCost [reps]}
 */
public final class DashboardCost {

  private static final int TASKS = 100_000;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private DashboardCost() {}

  /** Runs the comparison; {@code args[0]} = repetitions of each case (default 7). */
  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    String startLoad = Machine.loadAverage();
    Case closed = new Case("dashboard closed");
    Case stream = new Case("one live event stream open (what a page costs)");
    Case browser = new Case("headless Chromium showing /status");
    List<Double> browserCores = new ArrayList<>();
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1)
            .dashboardAddress("127.0.0.1:0").build();
         Client client = Client.connect(cluster)) {
      String base = cluster.dashboardLink().replace("/status", "");
      HttpClient http = HttpClient.newHttpClient();
      MapGather map = new MapGather();
      for (int i = 0; i < 2; i++) {
        map.tasksPerSecond(client, TASKS);
      }
      boolean chromium = Files.isExecutable(CHROMIUM);
      for (int i = 0; i < reps; i++) {
        closed.run(map, client);

        InputStream events = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream()).body();
        Thread reader = new Thread(() -> drain(events), "dashboard-cost-events");
        reader.setDaemon(true);
        reader.start();
        awaitStreams(http, base, 1);
        stream.run(map, client);
        events.close();
        awaitStreams(http, base, 0);

        if (chromium) {
          Page page = Page.open(cluster.dashboardLink());
          try {
            awaitStreams(http, base, 1);
            double cpuBefore = page.cpuSeconds();
            long start = System.nanoTime();
            browser.run(map, client);
            browserCores.add((page.cpuSeconds() - cpuBefore) / ((System.nanoTime() - start) / 1e9));
          } finally {
            page.close();
          }
          awaitStreams(http, base, 0);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nDashboard cost on W1 (map(inc) x %,d + gather, 2 workers x 1 thread, in-process), "
        + "%s; load average %s at start, %s at end; median [min–max] of %d runs each%n%n",
        TASKS, Machine.describe(), startLoad, Machine.loadAverage(), reps);
    System.out.printf(Locale.ROOT, "| %-48s | %-24s | %-9s | %-22s | %-9s |%n",
        "case", "tasks/s", "rate cost", "CPU µs/task (this JVM)", "CPU cost");
    System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%n",
        "-".repeat(50), "-".repeat(26), "-".repeat(11), "-".repeat(24), "-".repeat(11));
    for (Case c : List.of(closed, stream, browser)) {
      if (!c.rates.isEmpty()) {
        c.print(closed);
      }
    }
    if (!browserCores.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nChromium's own CPU while /status was open and the map ran: %s cores (of %d)%n",
          Stats.of(browserCores.stream().mapToDouble(Double::doubleValue).toArray()).format(),
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** The runs of one case: rate and this JVM's CPU per task. */
  private static final class Case {
    final String name;
    final List<Double> rates = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();

    Case(String name) {
      this.name = name;
    }

    void run(MapGather map, Client client) {
      rates.add(map.tasksPerSecond(client, TASKS));
      cpu.add(map.cpuMicrosPerTask());
    }

    Stats rate() {
      return Stats.of(rates.stream().mapToDouble(Double::doubleValue).toArray());
    }

    Stats cpu() {
      return Stats.of(cpu.stream().mapToDouble(Double::doubleValue).toArray());
    }

    void print(Case base) {
      double rateCost = 100 * (1 - rate().median() / base.rate().median());
      double cpuCost = 100 * (cpu().median() / base.cpu().median() - 1);
      System.out.printf(Locale.ROOT, "| %-48s | %-24s | %8.1f%% | %-22s | %8.1f%% |%n",
          name, rate().format(), rateCost, cpu().format(), cpuCost);
    }
  }

  /** Reads an event stream until it is closed, as a page would. */
  private static void drain(InputStream events) {
    byte[] buffer = new byte[64 * 1024];
    try {
      while (events.read(buffer) >= 0) {
        // an open page reads every update
      }
    } catch (IOException closed) {
      // closed by the measurement: the page went away
    }
  }

  /** Waits until the scheduler reports {@code n} open event streams on /metrics. */
  private static void awaitStreams(HttpClient http, String base, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String want = "weft_dashboard_event_streams " + n + ".0";
    while (!http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body().contains(want)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the scheduler never reported " + n + " open event streams");
      }
      Thread.sleep(20);
    }
  }

  /** Headless Chromium showing one page, with its own profile directory. */
  private record Page(Process process, Path profile) {

    static Page open(String url) throws IOException {
      Path profile = Files.createTempDirectory("weft-dashboard-cost");
      Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--window-size=1400,1000", "--user-data-dir=" + profile, url)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return new Page(p, profile);
    }

    /** CPU seconds Chromium and its child processes have used so far. */
    double cpuSeconds() {
      return Stream.concat(Stream.of(process.toHandle()), process.descendants())
          .mapToDouble(h -> h.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0))
          .sum();
    }

    /** Ends Chromium and its children by PID and deletes the profile. */
    void close() throws InterruptedException {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      children.forEach(ProcessHandle::destroyForcibly);
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
