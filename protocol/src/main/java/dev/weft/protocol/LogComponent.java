package dev.weft.protocol;

import io.vertx.core.Context;

/**
 * Tags a verticle's Vert.x context with the component it runs ("Scheduler" or a worker's name),
 * so that log lines written on that context can be told apart when several components share a
 * JVM ({@code LocalCluster.getLogs()}).
 */
public final class LogComponent {

  /** The context-data key holding the component's name. */
  public static final String KEY = "weft.component";
  /** The scheduler's component name. */
  public static final String SCHEDULER = "Scheduler";

  private LogComponent() {}

  /** Marks {@code context} as running {@code component}. */
  public static void tag(Context context, String component) {
    context.put(KEY, component);
  }

  /** The component {@code context} runs, or null when it is untagged or null. */
  public static String of(Context context) {
    return context == null ? null : context.get(KEY);
  }
}
