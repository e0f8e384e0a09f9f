package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed {@code SubmitApi.java} is exactly what {@link SubmitApiGenerator} writes. */
class SubmitApiGeneratedTest {
  @Test
  void committedOverloadsAreUpToDate() throws IOException {
    String committed = Files.readString(SubmitApiGenerator.TARGET, StandardCharsets.UTF_8);
    assertEquals(SubmitApiGenerator.generate(), committed,
        "SubmitApi.java is stale: run SubmitApiGenerator.main from the client module and commit");
  }
}
