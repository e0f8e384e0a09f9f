package dev.weft.protocol.cluster;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Hazelcast logs through the JVM's logging (java.util.logging), at WARNING unless the JVM's logging
 * configuration says otherwise for {@code com.hazelcast}: join problems and lost members show; the
 * INFO chatter of every membership change does not, nor two warnings every start gives that say
 * nothing about the cluster. No system property is set.
 */
final class HazelcastLogging {

  /** Hazelcast's logger root, held so the level set on it is not lost to garbage collection. */
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
  /** Warns on every start that CP data structures are unsafe: Weft uses none. */
  private static final Logger CP = Logger.getLogger("com.hazelcast.cp.CPSubsystem");
  /** Warns on every start without --add-opens flags: a matter of speed, not of this cluster's health. */
  private static final Logger MODULES = Logger.getLogger("com.hazelcast.instance.impl.HazelcastInstanceFactory");

  static {
    quiet(HAZELCAST, Level.WARNING);
    quiet(CP, Level.SEVERE);
    quiet(MODULES, Level.SEVERE);
  }

  private HazelcastLogging() {}

  /** Sets {@code logger}'s level unless the JVM's logging configuration or code gave it one. */
  private static void quiet(Logger logger, Level level) {
    if (LogManager.getLogManager().getProperty(logger.getName() + ".level") == null && logger.getLevel() == null) {
      logger.setLevel(level);
    }
  }

  /** The logging type to set on a Hazelcast configuration. */
  static String type() {
    return "jdk";
  }
}
