package dev.weft.client;

/** Options of {@code scatter}: whether every worker gets a copy. */
public final class ScatterOptions {

  private static final ScatterOptions DEFAULT = new ScatterOptions(false);
  private static final ScatterOptions BROADCAST = new ScatterOptions(true);

  private final boolean broadcast;

  private ScatterOptions(boolean broadcast) {
    this.broadcast = broadcast;
  }

  /** One copy, on one worker. */
  public static ScatterOptions defaults() {
    return DEFAULT;
  }

  /** A copy on every worker. */
  public static ScatterOptions broadcast() {
    return BROADCAST;
  }

  /** True when every worker gets a copy. */
  public boolean isBroadcast() {
    return broadcast;
  }
}
