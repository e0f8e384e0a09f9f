package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.tls.TlsFiles;
import dev.weft.protocol.tls.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Security}: temporary credentials, PEM files, and the builder's refusals. */
class SecurityTest {

  @TempDir
  Path dir;

  @Test
  void temporaryCredentialsAreACaAndACertificateItSignedForBothEnds() throws Exception {
    TlsMaterial m = Security.temporary().material();
    X509Certificate ca = certificate(m.caPem());
    X509Certificate cert = certificate(m.certPem());
    assertTrue(ca.getBasicConstraints() >= 0, "the CA may sign");
    cert.verify(ca.getPublicKey());
    cert.checkValidity();
    assertEquals(-1, cert.getBasicConstraints(), "the node certificate may not sign");
    assertTrue(cert.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "server and client authentication: " + cert.getExtendedKeyUsage());
    assertTrue(m.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 key");
    assertEquals("TLSv1.2", Security.temporary().minTlsVersion());
  }

  @Test
  void writtenFilesAreReadableOnlyByTheUserAndReadBackTheSame() throws Exception {
    Security s = Security.temporary();
    TlsFiles files = s.writeTo(dir.resolve("tls"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key().getParent())));
    for (Path p : List.of(files.ca(), files.cert(), files.key())) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
    }
    Security read = Security.builder().caFile(files.ca().toString()).certFile(files.cert().toString())
        .keyFile(files.key().toString()).minTlsVersion("TLSv1.3").build();
    assertEquals(s.material().keyPem(), read.material().keyPem());
    assertEquals("TLSv1.3", read.minTlsVersion());
    Security inMemory = Security.builder().caPem(s.material().caPem()).certFile(files.cert().toString())
        .keyPem(s.material().keyPem()).build();
    assertEquals(s.material().certPem(), inMemory.material().certPem());
  }

  @Test
  void theBuilderNamesWhatIsWrong() throws Exception {
    TlsFiles files = Security.temporary().writeTo(dir.resolve("tls"));
    assertMessage("tlsCaFile: missing", () -> Security.builder().certFile(files.cert().toString()).keyFile(files.key().toString()).build());
    assertMessage("tlsKey: cannot read", () -> Security.builder().caFile(files.ca().toString())
        .certFile(files.cert().toString()).keyFile(dir.resolve("absent.pem").toString()).build());
    Files.writeString(dir.resolve("junk.pem"), "not a certificate", StandardCharsets.US_ASCII);
    assertMessage("CA certificate: not PEM text", () -> Security.builder().caFile(dir.resolve("junk.pem").toString())
        .certFile(files.cert().toString()).keyFile(files.key().toString()).build());
    assertMessage("tlsMinVersion: must be TLSv1.2 or TLSv1.3", () -> Security.builder().caFile(files.ca().toString())
        .certFile(files.cert().toString()).keyFile(files.key().toString()).minTlsVersion("TLSv1.1").build());
    assertMessage("requireEncryption: Weft has no mixed mode", () -> Security.builder().requireEncryption(false).build());
  }

  @Test
  void localClusterSettingsThatCannotHoldAreRefusedByName() {
    assertMessage("protocol: must be", () -> LocalCluster.builder().protocol("udp").spec());
    assertMessage("protocol: processes(true) needs", () -> LocalCluster.builder().processes(true).protocol("inproc").spec());
    assertMessage("protocol: security is on", () -> LocalCluster.builder().security(true).protocol("tcp").spec());
    assertMessage("blockedHandlers: unknown handler \"gather\"", () -> LocalCluster.builder().blockedHandlers(List.of("gather")).spec());
    assertMessage("schedulerPort: needs protocol", () -> LocalCluster.builder().schedulerPort(8786).spec());
    assertMessage("workerDashboardAddress: worker dashboards are not available yet",
        () -> LocalCluster.builder().workerDashboardAddress(":0").spec());
    assertMessage("silenceLogs: not available yet", () -> LocalCluster.builder().silenceLogs(true).spec());
    assertMessage("interfaceName: not available yet", () -> LocalCluster.builder().interfaceName("lo").spec());
    assertEquals("tls", LocalCluster.builder().protocol("tls").spec().protocol());
    assertTrue(LocalCluster.builder().protocol("tls").spec().security() != null, "temporary credentials for tls");
    assertEquals("tcp", LocalCluster.builder().processes(true).spec().protocol());
    assertEquals("inproc", LocalCluster.builder().spec().protocol());
  }

  @Test
  void anInProcessClusterOnTlsComputesAndNamesItsScheme() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (LocalCluster cluster = LocalCluster.builder().protocol("tls").schedulerPort(port).nWorkers(2).threadsPerWorker(1)
            .dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      assertTrue(cluster.scheduler().address().startsWith("tls://"), cluster.scheduler().address());
      assertEquals(port, dev.weft.protocol.cluster.Clustering.eventBusPort(cluster.vertx()), "the scheduler's event bus on schedulerPort");
      assertEquals(IntStream.range(1, 51).boxed().toList(),
          client.gather(client.map(Demo::inc, IntStream.range(0, 50).boxed().toList())).await());
      assertEquals(2, client.run(() -> 7).await().size(), "run reaches both workers through the scheduler");
    }
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
