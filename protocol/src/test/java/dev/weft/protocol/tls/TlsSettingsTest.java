package dev.weft.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where TLS settings come from, and the settings that cannot hold. */
class TlsSettingsTest {

  @Test
  void noSettingsMeansNoTls() {
    assertTrue(TlsSettings.read(new JsonObject(), name -> null).isEmpty());
  }

  @Test
  void requiredEncryptionWithoutCredentialsRefusesToStart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsSettings.read(new JsonObject(), Map.of("WEFT_REQUIRE_ENCRYPTION", "true")::get));
    assertTrue(e.getMessage().startsWith("requireEncryption: TLS is required but no tlsCaFile"), e.getMessage());
  }

  @Test
  void theThreeFilesGoTogether() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsSettings.read(new JsonObject().put("tlsCaFile", "/nonexistent/ca.pem"), name -> null));
    assertTrue(e.getMessage().startsWith("tlsCaFile: cannot read /nonexistent/ca.pem"), e.getMessage());
    IllegalArgumentException fromEnv = assertThrows(IllegalArgumentException.class,
        () -> TlsSettings.read(new JsonObject(), Map.of("WEFT_TLS_CERT", "/nonexistent/cert.pem")::get));
    assertTrue(fromEnv.getMessage().startsWith("tlsCaFile: missing"), fromEnv.getMessage());
  }
}
