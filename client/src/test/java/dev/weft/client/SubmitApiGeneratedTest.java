package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code SubmitApi.java}, {@code DelayedApi.java}, {@code GraphBuilderApi.java} and
 * {@code rx/RxSubmitApi.java} are exactly what {@link SubmitApiGenerator} writes.
 */
class SubmitApiGeneratedTest {
  @Test
  void committedOverloadsAreUpToDate() throws IOException {
    String committed = Files.readString(SubmitApiGenerator.TARGET, StandardCharsets.UTF_8);
    assertEquals(SubmitApiGenerator.generate(), committed,
        "SubmitApi.java is stale: run SubmitApiGenerator.main from the client module and commit");
  }

  @Test
  void committedDelayedGraphAndRxOverloadsAreUpToDate() throws IOException {
    Map<Path, String> files = SubmitApiGenerator.files();
    assertEquals(4, files.size());
    for (Path path : new Path[] {SubmitApiGenerator.DELAYED_TARGET, SubmitApiGenerator.GRAPH_TARGET,
        SubmitApiGenerator.RX_TARGET}) {
      String committed = Files.readString(path, StandardCharsets.UTF_8);
      assertEquals(files.get(path), committed,
          path.getFileName() + " is stale: run SubmitApiGenerator.main from the client module and commit");
    }
  }
}
