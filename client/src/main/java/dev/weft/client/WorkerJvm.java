package dev.weft.client;

import dev.weft.protocol.cluster.Clustering;
import dev.weft.launcher.WeftLauncher;
import dev.weft.protocol.jvm.ClassArchive;
import dev.weft.worker.nanny.JvmMemory;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a worker JVM started by a {@link LocalCluster}: this JVM's Java and classpath. */
final class WorkerJvm {

  /**
   * System property of extra JVM options for worker JVMs, separated by spaces (for example a
   * flight recording: {@code -XX:StartFlightRecording=filename=w.jfr}); appended after the defaults.
   */
  static final String JAVA_OPTIONS_PROPERTY = "weft.worker.javaOptions";

  private WorkerJvm() {}

  /** The command; {@code tls} (null: none) are the TLS keys for the worker's -conf. */
  static List<String> command(LocalClusterSpec spec, String name, String schedulerMember, JsonObject tls) {
    // The limit as "<n>B": exactly n bytes (a bare 1 would read as a fraction: the whole machine).
    JsonObject conf = new JsonObject().put("name", name).put("nthreads", spec.threadsPerWorker())
        .put("memoryLimit", spec.memoryLimitBytes() + "B").put("validate", spec.validate())
        .put("resources", new JsonObject(new java.util.LinkedHashMap<>(spec.resources())))
        .put("memoryTarget", spec.memory().target()).put("memorySpill", spec.memory().spill())
        .put("memoryPause", spec.memory().pause()).put("localDirectory", spec.memory().localDirectory())
        .put("maxSpill", spec.memory().maxSpillBytes()).put("nanny", true);
    if (tls != null) {
      conf.mergeIn(tls);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    // A worker whose heap ran out exits (code 3) and its nanny starts it afresh, instead of going
    // on with threads that died half-way through their work.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    if (spec.memoryLimitBytes() > 0) {
      // The limit is the worker's heap (the JVM's own memory comes on top: JvmMemory), all of it
      // from the start: a heap grown step by step from a small start promoted large values (a
      // 100 MB array and its serialized bytes) and paid full collections on every transfer.
      cmd.addAll(JvmMemory.heapOptions(spec.memoryLimitBytes()));
    }
    cmd.add("-D" + Clustering.NAME_PROPERTY + "=" + spec.name());
    cmd.add("-D" + Clustering.HOST_PROPERTY + "=" + spec.host());
    cmd.add("-D" + Clustering.MEMBERS_PROPERTY + "=" + schedulerMember);
    // It lives and dies with the scheduler's JVM, which holds the cluster's data: joining as a lite
    // member, it takes no partitions, so nothing migrates when it starts or stops.
    cmd.add("-D" + Clustering.LITE_PROPERTY + "=true");
    if (spec.hazelcastFile() != null) {
      cmd.add("-D" + Clustering.HAZELCAST_CONFIG_PROPERTY + "=" + spec.hazelcastFile().toAbsolutePath());
    } else {
      // Weft's own cluster.xml, valid by test: not checked against Hazelcast's schema again (0.2 s).
      cmd.add(Clustering.BUILT_IN_UNCHECKED);
    }
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    String extra = System.getProperty(JAVA_OPTIONS_PROPERTY, "").trim();
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    String classpath = launcherFirst(System.getProperty("java.class.path"));
    // Classes mapped from the archive an earlier worker JVM of this classpath wrote (or the options to write it).
    cmd.addAll(ClassArchive.jvmOptions("worker", classpath));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("dev.weft.launcher.WeftLauncher");
    cmd.add("dev.weft.worker.verticle.WorkerVerticle");
    cmd.add("-cluster");
    cmd.add("-cluster-host=" + spec.host());
    cmd.add("-conf=" + conf.encode());
    return cmd;
  }

  /**
   * {@code classpath} with the jar of the launcher first, when it comes from a jar: Vert.x's
   * launcher then finds its manifest first instead of reading (and verifying) every jar's.
   */
  static String launcherFirst(String classpath) {
    java.security.CodeSource source = WeftLauncher.class.getProtectionDomain().getCodeSource();
    return source == null ? classpath : launcherFirst(Path.of(java.net.URI.create(source.getLocation().toString())), classpath);
  }

  /** {@code classpath} with {@code launcher} first when it is a jar not already first. */
  static String launcherFirst(Path launcher, String classpath) {
    String jar = launcher.toString();
    return !jar.endsWith(".jar") || classpath.equals(jar) || classpath.startsWith(jar + File.pathSeparator)
        ? classpath : jar + File.pathSeparator + classpath;
  }

  static File logFile(LocalClusterSpec spec, String name) {
    File dir = new File(System.getProperty("java.io.tmpdir"), "weft-" + spec.name());
    dir.mkdirs();
    return new File(dir, name + ".log");
  }
}
