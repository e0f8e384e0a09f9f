package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.cluster.Clustering;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of a worker JVM: what makes it start fast, and what it must not skip. */
class WorkerJvmCommandTest {

  @Test
  void theLauncherJarGoesFirstOnceAndADirectoryStaysWhereItIs() {
    Path jar = Path.of("/opt/weft/lib/weft-client.jar");
    String rest = "/app/app.jar" + File.pathSeparator + "/opt/weft/lib/vertx-core.jar";
    assertEquals(jar + File.pathSeparator + rest, WorkerJvm.launcherFirst(jar, rest));
    assertEquals(jar + File.pathSeparator + rest, WorkerJvm.launcherFirst(jar, jar + File.pathSeparator + rest));
    assertEquals(jar.toString(), WorkerJvm.launcherFirst(jar, jar.toString()));
    assertEquals(rest, WorkerJvm.launcherFirst(Path.of("/build/client/target/classes"), rest));
  }

  @Test
  void onlyWeftsOwnClusterXmlSkipsHazelcastsSchemaCheck(@TempDir Path tmp) throws Exception {
    List<String> own = WorkerJvm.command(LocalCluster.builder().processes(true).spec(), "w", "127.0.0.1:5701", null);
    assertTrue(own.contains(Clustering.BUILT_IN_UNCHECKED), own.toString());
    Path file = Files.writeString(tmp.resolve("hz.xml"), "<hazelcast/>");
    List<String> users = WorkerJvm.command(LocalCluster.builder().processes(true).hazelcastConfig(file).spec(),
        "w", "127.0.0.1:5701", null);
    assertFalse(users.contains(Clustering.BUILT_IN_UNCHECKED), "a user's file is checked: " + users);
    assertTrue(users.contains("-D" + Clustering.HAZELCAST_CONFIG_PROPERTY + "=" + file.toAbsolutePath()), users.toString());
  }
}
