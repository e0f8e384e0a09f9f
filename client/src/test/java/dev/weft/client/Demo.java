package dev.weft.client;

/** The helper class API.md's examples assume. */
public final class Demo {
  private Demo() {}

  /** x + 1. */
  public static int inc(int x) {
    return x + 1;
  }

  /** x + y. */
  public static int add(int x, int y) {
    return x + y;
  }

  /** x * 2, a little slowly. */
  public static int slow(int x) throws InterruptedException {
    Thread.sleep(20);
    return x * 2;
  }

  /** The arguments {@link #flakyOnce} has been called with in this JVM. */
  private static final java.util.Set<Integer> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** x, but the first call with each x in a JVM fails (an input that is not there yet). */
  public static int flakyOnce(int x) {
    if (SEEN.add(x)) {
      throw new IllegalStateException("input " + x + " not there yet");
    }
    return x;
  }

  /**
   * Counts for up to {@code seconds}, a tenth of a second at a time, unless cancelled: stops when
   * {@code cancel(true)} interrupts its sleep, or when it sees {@link WorkerContext#cancelled()}.
   */
  public static int countSlowly(int seconds) throws InterruptedException {
    int tenths = 0;
    while (tenths < seconds * 10 && !WorkerContext.current().cancelled()) {
      Thread.sleep(100); // throws InterruptedException when cancel(true) interrupts the thread
      tenths++;
    }
    return tenths;
  }
}
