package dev.weft.client.dashboard;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, headless) driven by Playwright for Java, for the
 * dashboard tests. Playwright's driver (Node and its scripts) comes from the Maven jars; no browser
 * build is ever downloaded ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}, set here and by surefire).
 *
 * <p>Pages from {@link #newPage()} are {@link #VIEWPORT_WIDTH}×{@link #VIEWPORT_HEIGHT} CSS pixels
 * at scale 1, wait at most {@link #TIMEOUT} by default, and record their uncaught exceptions and
 * {@code console.error} calls in {@link #pageErrors()} (a test asserts it is empty).
 *
 * <pre>{@code
 * try (SystemChromium chromium = SystemChromium.launch()) {
 *   Page page = chromium.newPage();
 *   page.navigate("http://127.0.0.1:" + port + "/status");
 *   page.waitForFunction("Number(document.body.dataset.updates) > 0");
 * }
 * }</pre>
 */
final class SystemChromium implements AutoCloseable {
  /** Where Debian installs Chromium. */
  static final Path BINARY = Path.of("/usr/bin/chromium");

  /** Default for every wait of a page (generous: the tests share 2 cores with a cluster). */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  static final int VIEWPORT_WIDTH = 1400;
  static final int VIEWPORT_HEIGHT = 1000;

  private final Playwright playwright;
  private final Browser browser;
  /** Uncaught exceptions and console.error calls of every page opened, oldest first. */
  private final List<String> pageErrors = new ArrayList<>();

  private SystemChromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts {@link #BINARY}; fails with a message naming it when it is not installed. */
  static SystemChromium launch() {
    return launch(BINARY);
  }

  /** Starts the Chromium at {@code binary}, headless, under Playwright. */
  static SystemChromium launch(Path binary) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Chromium not found: " + binary + " is missing or not executable (Debian: apt-get install chromium)");
    }
    Playwright playwright =
        Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(binary)
          .setHeadless(true)
          .setTimeout(TIMEOUT.toMillis())
          .setArgs(List.of("--disable-gpu", "--hide-scrollbars")));
      return new SystemChromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** The browser's version, as Chromium reports it. */
  String version() {
    return browser.version();
  }

  /** A new page in a fresh context whose errors go to {@link #pageErrors()}. */
  Page newPage() {
    Page page = browser.newPage(new Browser.NewPageOptions()
        .setViewportSize(VIEWPORT_WIDTH, VIEWPORT_HEIGHT)
        .setDeviceScaleFactor(1));
    page.setDefaultTimeout(TIMEOUT.toMillis());
    page.setDefaultNavigationTimeout(TIMEOUT.toMillis());
    page.onPageError(error -> addError(page.url() + ": " + error));
    page.onConsoleMessage(message -> {
      if ("error".equals(message.type())) {
        addError(page.url() + ": console.error: " + message.text()
            + (message.location() == null || message.location().isEmpty() ? "" : " at " + message.location()));
      }
    });
    page.onCrash(p -> addError(p.url() + ": page crashed"));
    return page;
  }

  private void addError(String error) {
    synchronized (pageErrors) {
      pageErrors.add(error);
    }
  }

  /** Uncaught exceptions and {@code console.error} calls of all pages so far, oldest first. */
  List<String> pageErrors() {
    synchronized (pageErrors) {
      return List.copyOf(pageErrors);
    }
  }

  /** {@link #pageErrors()}, and forgets them: each test asserts only its own pages' errors. */
  List<String> takePageErrors() {
    synchronized (pageErrors) {
      List<String> taken = List.copyOf(pageErrors);
      pageErrors.clear();
      return taken;
    }
  }

  /** Closes the browser (Playwright ends its process) and the Playwright driver. */
  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
