package dev.weft.client;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three latches tasks wait on ({@link #gated}) so a test decides in which order they finish.
 * As a JUnit extension it closes them before each test and opens them after it, so no task is
 * left blocked.
 */
final class Gates implements BeforeEachCallback, AfterEachCallback {

  /** The latches of the current test; task i finishes once {@code latches[i]} is opened. */
  static volatile CountDownLatch[] latches = new CountDownLatch[0];

  /** Waits for gate {@code i}, then returns {@code i}. */
  static int gated(int i) throws InterruptedException {
    latches[i].await();
    return i;
  }

  /** Lets task {@code i} finish. */
  static void open(int i) {
    latches[i].countDown();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    latches = new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (CountDownLatch g : latches) {
      g.countDown();
    }
  }
}
