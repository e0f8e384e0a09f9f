package dev.weft.client.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SystemChromium}: Playwright really drives Debian's {@code /usr/bin/chromium} (no browser
 * of its own), and the page errors the dashboard tests rely on are collected. Pages are served by
 * a loopback Vert.x server.
 */
class SystemChromiumTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private static final String PAGE =
      """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>probe</title></head>
      <body style="font: 20px sans-serif">
        <h1 id="title">Weft probe</h1>
        <script>
          window.sum = [1, 2, 3, 4].reduce((a, b) => a + b, 0);
          document.getElementById('title').textContent += ' ' + window.sum;
          setTimeout(() => { document.body.dataset.later = 'ready'; }, 50);
        </script>
      </body></html>
      """;

  private static final String BROKEN_PAGE =
      "<!DOCTYPE html><body><script>console.error('bad', 1); null.field;</script></body>";

  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    server = vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> req.response()
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .end(req.path().equals("/broken") ? BROKEN_PAGE : PAGE))
        .listen()
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Test
  void drivesTheSystemChromiumAndCollectsPageErrors() throws Exception {
    Path png = Path.of("target", "system-chromium-test.png");
    Files.deleteIfExists(png);
    Process versionOf = new ProcessBuilder(SystemChromium.BINARY.toString(), "--version").redirectErrorStream(true).start();
    String installed = new String(versionOf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(versionOf.waitFor(60, TimeUnit.SECONDS), "chromium --version did not finish");

    try (SystemChromium chromium = SystemChromium.launch()) {
      assertTrue(installed.contains(" " + chromium.version() + " "),
          "Playwright runs " + chromium.version() + ", /usr/bin/chromium is: " + installed);

      Page page = chromium.newPage();
      page.navigate(url("/"));
      assertEquals(10, page.evaluate("window.sum"));
      assertEquals("Weft probe 10", page.textContent("#title"));
      assertEquals(Map.of("w", 1400, "h", 1000), page.evaluate("({w: window.innerWidth, h: window.innerHeight})"));
      page.waitForFunction("document.body.dataset.later === 'ready'");
      page.screenshot(new Page.ScreenshotOptions().setPath(png));
      PlaywrightException thrown =
          assertThrows(PlaywrightException.class, () -> page.evaluate("(() => { throw new TypeError('boom'); })()"));
      assertTrue(thrown.getMessage().contains("boom"), thrown.getMessage());
      assertEquals(List.of(), chromium.pageErrors(), "evaluate's own exceptions are not page errors");

      Page broken = chromium.newPage();
      broken.navigate(url("/broken"));
      broken.waitForCondition(() -> chromium.pageErrors().size() >= 2);
      List<String> errors = chromium.pageErrors();
      assertEquals(2, errors.size(), errors.toString());
      assertTrue(errors.get(0).startsWith(url("/broken") + ": console.error: bad 1"), errors.get(0));
      assertTrue(errors.get(1).contains("TypeError"), errors.get(1));
      assertEquals(errors, chromium.takePageErrors());
      assertEquals(List.of(), chromium.pageErrors());
    }
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000, "screenshot has " + bytes.length + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
  }

  @Test
  void namesTheMissingBinary() {
    Path missing = Path.of("/nonexistent/chromium");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SystemChromium.launch(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
