package dev.weft.client.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, for dashboard tests.
 *
 * <p>{@link #launch()} starts {@code /usr/bin/chromium} on a fresh profile with DevTools on
 * 127.0.0.1 and an OS-chosen port, reads the {@code DevTools listening on ws://…} line from its
 * stderr, picks the page target from {@code /json/list} and connects to it with a Vert.x
 * WebSocketClient on a Vertx instance of its own. The methods block the calling (test) thread; each
 * waits at most {@link #TIMEOUT}. The viewport is {@link #VIEWPORT_WIDTH}×{@link
 * #VIEWPORT_HEIGHT} CSS pixels at scale 1. {@link #close()} closes the socket, ends the browser by its PID
 * and deletes the profile.
 *
 * <pre>{@code
 * try (HeadlessChromium chrome = HeadlessChromium.launch()) {
 *   chrome.navigate("http://127.0.0.1:" + port + "/status");
 *   Poll.until(Duration.ofSeconds(10), "an SSE update",
 *       () -> ((Number) chrome.evaluate("Number(document.body.dataset.updates || 0)")).intValue() > 0);
 *   chrome.screenshot(Path.of("target/status.png"));
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Where Debian installs Chromium. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  /** Upper bound on starting, on each DevTools call, and on each shutdown step. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Viewport size in CSS pixels (the window's own size would lose some height to browser UI). */
  public static final int VIEWPORT_WIDTH = 1400;

  /** See {@link #VIEWPORT_WIDTH}. */
  public static final int VIEWPORT_HEIGHT = 1000;

  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final int STDERR_LINES_KEPT = 40;

  private final Process process;
  private final Path profile;
  private final Vertx vertx;
  private final DevToolsSession session;
  /** Uncaught exceptions and console.error calls of the page, oldest first. */
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, Path profile, Vertx vertx, DevToolsSession session) {
    this.process = process;
    this.profile = profile;
    this.vertx = vertx;
    this.session = session;
    session.onEvent("Runtime.exceptionThrown", params -> pageErrors.add(describe(params.getJsonObject("exceptionDetails"))));
    session.onEvent(
        "Runtime.consoleAPICalled",
        params -> {
          if ("error".equals(params.getString("type"))) {
            pageErrors.add("console.error: " + consoleText(params.getJsonArray("args", new JsonArray())));
          }
        });
  }

  /** Starts {@link #BINARY}; fails with a message naming it when it is not installed. */
  public static HeadlessChromium launch() {
    return launch(BINARY);
  }

  /** Starts the Chromium at {@code binary} and connects to its page target. */
  public static HeadlessChromium launch(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Chromium not found: " + binary + " is missing or not executable (Debian: apt-get install chromium)");
    }
    Path profile;
    Process process;
    try {
      profile = Files.createTempDirectory("weft-chromium-");
      process = new ProcessBuilder(command(binary, profile)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    Vertx vertx = null;
    try {
      URI browser = awaitListening(process);
      vertx = Vertx.vertx();
      DevToolsSession session = DevToolsSession.connect(vertx, pageTarget(browser.getPort()), TIMEOUT);
      HeadlessChromium chromium = new HeadlessChromium(process, profile, vertx, session);
      session.call("Page.enable", new JsonObject());
      session.call("Runtime.enable", new JsonObject());
      session.call(
          "Emulation.setDeviceMetricsOverride",
          new JsonObject()
              .put("width", VIEWPORT_WIDTH)
              .put("height", VIEWPORT_HEIGHT)
              .put("deviceScaleFactor", 1)
              .put("mobile", false));
      return chromium;
    } catch (RuntimeException e) {
      closeVertx(vertx);
      stop(process);
      deleteTree(profile);
      throw e;
    }
  }

  private static List<String> command(Path binary, Path profile) {
    return List.of(
        binary.toString(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "--window-size=1400,1000",
        "about:blank");
  }

  /**
   * Reads stderr on a daemon thread until the DevTools line appears, then keeps draining it so the
   * browser never blocks on a full pipe.
   */
  private static URI awaitListening(Process process) {
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Deque<String> recent = new ArrayDeque<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    listening.complete(URI.create(m.group(1)));
                  } else if (!listening.isDone()) {
                    synchronized (recent) {
                      recent.addLast(line);
                      if (recent.size() > STDERR_LINES_KEPT) {
                        recent.removeFirst();
                      }
                    }
                  }
                }
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
              listening.completeExceptionally(new IllegalStateException("Chromium closed its stderr"));
            },
            "chromium-stderr-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      return listening.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      String tail;
      synchronized (recent) {
        tail = String.join("\n", recent);
      }
      throw new IllegalStateException(
          "Chromium (pid " + process.pid() + ") did not print 'DevTools listening on ws://…' within "
              + TIMEOUT.toSeconds() + " s; alive=" + process.isAlive() + "; last stderr lines:\n" + tail,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Chromium", e);
    }
  }

  /** The WebSocket URL of the first target of type {@code page} listed at {@code /json/list}. */
  private static URI pageTarget(int port) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(TIMEOUT).GET().build();
    String body;
    try {
      body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list DevTools targets on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing DevTools targets", e);
    }
    JsonArray targets = new JsonArray(body);
    for (int i = 0; i < targets.size(); i++) {
      JsonObject target = targets.getJsonObject(i);
      if ("page".equals(target.getString("type"))) {
        return URI.create(target.getString("webSocketDebuggerUrl"));
      }
    }
    throw new IllegalStateException("no page target among " + body);
  }

  /** Loads {@code url} in the page and waits for its load event; throws if navigation fails. */
  public void navigate(String url) {
    CompletableFuture<JsonObject> loaded = session.nextEvent("Page.loadEventFired");
    JsonObject result = session.call("Page.navigate", new JsonObject().put("url", url));
    String error = result.getString("errorText");
    if (error != null) {
      throw new IllegalStateException("could not navigate to " + url + ": " + error);
    }
    if (result.getString("loaderId") != null) {
      session.block(loaded, "the load event of " + url);
    }
  }

  /**
   * Evaluates a JavaScript expression in the page (promises are awaited) and returns its value as
   * Vert.x JSON maps it: {@link JsonObject}, {@link JsonArray}, {@link String}, {@link Number},
   * {@link Boolean}, or {@code null} (also for {@code undefined}).
   *
   * @throws IllegalStateException with the exception's text when the expression throws
   */
  public Object evaluate(String expression) {
    JsonObject result =
        session.call(
            "Runtime.evaluate",
            new JsonObject()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    JsonObject thrown = result.getJsonObject("exceptionDetails");
    if (thrown != null) {
      throw new IllegalStateException("JavaScript threw evaluating `" + expression + "`: " + describe(thrown));
    }
    return result.getJsonObject("result", new JsonObject()).getValue("value");
  }

  /**
   * Uncaught exceptions and {@code console.error} calls of the pages loaded so far (not those of
   * {@link #evaluate}), oldest first; a test asserts this is empty to catch broken page scripts.
   */
  public List<String> pageErrors() {
    return List.copyOf(pageErrors);
  }

  /** The console arguments (remote objects) as the console would print them, space-separated. */
  private static String consoleText(JsonArray args) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      JsonObject arg = args.getJsonObject(i);
      Object value = arg.containsKey("value") ? arg.getValue("value") : arg.getString("description", arg.getString("type"));
      text.append(i == 0 ? "" : " ").append(value);
    }
    return text.toString();
  }

  private static String describe(JsonObject details) {
    JsonObject exception = details.getJsonObject("exception", new JsonObject());
    return exception.getString("description", details.getString("text"));
  }

  /** Captures the viewport as a PNG file at {@code png}, replacing any file there. */
  public void screenshot(Path png) {
    JsonObject result = session.call("Page.captureScreenshot", new JsonObject().put("format", "png"));
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(png, Base64.getDecoder().decode(result.getString("data")));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + png, e);
    }
  }

  /** The browser's process id. */
  public long pid() {
    return process.pid();
  }

  /** Closes the DevTools socket, ends the browser and its children by PID, deletes the profile. */
  @Override
  public void close() {
    try {
      session.close();
    } finally {
      closeVertx(vertx);
      stop(process);
      deleteTree(profile);
    }
  }

  private static void closeVertx(Vertx vertx) {
    if (vertx == null) {
      return;
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | CompletionException e) {
      throw new IllegalStateException("could not close the DevTools Vertx instance", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM to the browser, SIGKILL if it lingers, then the same for any child left behind. */
  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    end(process.toHandle());
    children.forEach(HeadlessChromium::end);
  }

  private static void end(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    if (!waitFor(handle)) {
      handle.destroyForcibly();
      if (!waitFor(handle)) {
        throw new IllegalStateException("Chromium process " + handle.pid() + " survived SIGKILL");
      }
    }
  }

  private static boolean waitFor(ProcessHandle handle) {
    try {
      handle.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for process " + handle.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the Chromium profile " + root, e);
    }
  }
}
