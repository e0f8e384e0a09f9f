package dev.weft.protocol.purity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purity check finds each forbidden use, and not the words in comments or identifiers. */
class PureStateCheckTest {

  @Test
  void findsVertxClocksThreadsAndLocks(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Bad.java"), String.join("\n",
        "import io.vertx.core.Vertx;",
        "/** Mentions System.nanoTime in a comment only. */",
        "class Bad {",
        "  boolean holdsThread; // not a thread",
        "  long t = System.currentTimeMillis();",
        "  synchronized void f() { new Thread(() -> { }).start(); }",
        "}"));
    assertEquals(List.of(
        "Bad.java:1: uses Vert.x: import io.vertx.core.Vertx;",
        "Bad.java:5: uses a clock: long t = System.currentTimeMillis();",
        "Bad.java:6: uses locks: synchronized void f() { new Thread(() -> { }).start(); }",
        "Bad.java:6: uses threads: synchronized void f() { new Thread(() -> { }).start(); }"),
        PureStateCheck.violations(dir).stream().sorted().toList());
  }

  @Test
  void assertPureFailsOnAMissingDirectoryAndOnAnImpureOne(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("Bad.java"), "class Bad { long t = System.nanoTime(); }");
    AssertionError missing = assertThrows(AssertionError.class, () -> PureStateCheck.assertPure(dir.resolve("gone").toString()));
    assertTrue(missing.getMessage().contains("no directory"), missing.getMessage());
    AssertionError impure = assertThrows(AssertionError.class, () -> PureStateCheck.assertPure(dir.toString()));
    assertTrue(impure.getMessage().contains("Bad.java:1: uses a clock"), impure.getMessage());
  }
}
