package dev.weft.client.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the real Chromium against a page served by a loopback Vert.x server. */
class HeadlessChromiumTest {
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
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(
                req ->
                    req.response()
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

  @Test
  void navigatesEvaluatesAndTakesAScreenshot() throws Exception {
    Path png = Path.of("target", "headless-chromium-test.png");
    Files.deleteIfExists(png);
    long pid;
    try (HeadlessChromium chrome = HeadlessChromium.launch()) {
      pid = chrome.pid();
      chrome.navigate("http://127.0.0.1:" + server.actualPort() + "/");

      assertEquals(10, ((Number) chrome.evaluate("window.sum")).intValue());
      assertEquals("Weft probe 10", chrome.evaluate("document.getElementById('title').textContent"));
      assertEquals(
          new JsonObject().put("w", 1400).put("h", 1000),
          chrome.evaluate("({w: window.innerWidth, h: window.innerHeight})"));
      assertEquals(7, ((Number) chrome.evaluate("new Promise(r => setTimeout(() => r(7), 10))")).intValue());
      Poll.until(
          Duration.ofSeconds(10),
          "the page's timer to fire",
          () -> "ready".equals(chrome.evaluate("document.body.dataset.later")));

      chrome.screenshot(png);
      assertEquals(List.of(), chrome.pageErrors());
    }
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000, "screenshot has " + bytes.length + " bytes");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "browser still alive");
  }

  @Test
  void reportsJavaScriptExceptionsWithTheirText() {
    try (HeadlessChromium chrome = HeadlessChromium.launch()) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> chrome.evaluate("(() => { throw new TypeError('boom'); })()"));
      assertTrue(e.getMessage().contains("TypeError: boom"), e.getMessage());
      assertEquals(null, chrome.evaluate("undefined"));
      assertEquals(List.of(), chrome.pageErrors(), "evaluate's own exceptions are not page errors");
    }
  }

  @Test
  void collectsUncaughtPageErrors() {
    try (HeadlessChromium chrome = HeadlessChromium.launch()) {
      chrome.navigate("http://127.0.0.1:" + server.actualPort() + "/broken");
      Poll.until(Duration.ofSeconds(10), "two page errors", () -> chrome.pageErrors().size() == 2);
      List<String> errors = chrome.pageErrors();
      assertEquals("console.error: bad 1", errors.get(0));
      assertTrue(errors.get(1).startsWith("TypeError"), errors.get(1));
    }
  }

  @Test
  void namesTheMissingBinary() {
    Path missing = Path.of("/nonexistent/chromium");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> HeadlessChromium.launch(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
