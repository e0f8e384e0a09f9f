package dev.weft.client;

import dev.weft.protocol.cluster.Clustering;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a worker JVM started by a {@link LocalCluster}: this JVM's Java and classpath. */
final class WorkerJvm {

  private WorkerJvm() {}

  static List<String> command(LocalClusterSpec spec, String name, String schedulerMember) {
    JsonObject conf = new JsonObject().put("name", name).put("nthreads", spec.threadsPerWorker())
        .put("memoryLimit", spec.memoryLimitBytes()).put("validate", spec.validate())
        .put("resources", new JsonObject(new java.util.LinkedHashMap<>(spec.resources())));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-D" + Clustering.NAME_PROPERTY + "=" + spec.name());
    cmd.add("-D" + Clustering.HOST_PROPERTY + "=" + spec.host());
    cmd.add("-D" + Clustering.MEMBERS_PROPERTY + "=" + schedulerMember);
    cmd.add("-Dhazelcast.logging.type=none");
    cmd.add("-Dhazelcast.phone.home.enabled=false");
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      cmd.add("-Djava.util.logging.config.file=" + logging);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.vertx.launcher.application.VertxApplication");
    cmd.add("dev.weft.worker.verticle.WorkerVerticle");
    cmd.add("-cluster");
    cmd.add("-cluster-host=" + spec.host());
    cmd.add("-conf=" + conf.encode());
    return cmd;
  }

  static File logFile(LocalClusterSpec spec, String name) {
    File dir = new File(System.getProperty("java.io.tmpdir"), "weft-" + spec.name());
    dir.mkdirs();
    return new File(dir, name + ".log");
  }
}
