package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a refused message says of itself cannot forge or flood log lines. */
class RejectionLogTest {

  @Test
  void detailsAreOneLineAndBounded() {
    assertEquals("unknown worker w??forged line", RejectionLog.printable("unknown worker w\n\rforged line"));
    String long1 = "x".repeat(1_000);
    assertEquals("x".repeat(300) + "…", RejectionLog.printable(long1));
    assertEquals("plain", RejectionLog.printable("plain"));
  }

  @Test
  void everyRefusalIsCountedEvenWhenNotLogged() {
    RejectionLog log = new RejectionLog(System.getLogger("test"), "test");
    for (int i = 0; i < 1_000; i++) {
      log.reject(i % 2 == 0 ? "malformed" : "unknown-worker", "detail " + i);
    }
    assertEquals(1_000, log.total());
  }
}
