package dev.weft.client.faults;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.protocol.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Knocks on a port as a stranger would (plain TCP, TLS without a certificate), and fetches over HTTPS as a member. */
public final class TlsProbe {

  private static final int TIMEOUT_MILLIS = 20_000;

  private TlsProbe() {}

  /** Plain bytes to {@code port} get no plain answer: the connection ends, or the only answer is a TLS alert record. */
  public static void plainTcpRefused(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      int first = readOrEnd(s.getInputStream());
      assertTrue(first == -1 || first == 0x15, "port " + port + " answered plain TCP with byte " + first
          + " (0x15 would be a TLS alert)");
    }
  }

  /** A TLS client that trusts anything but presents no certificate is refused by {@code port}. */
  public static void tlsWithoutCertificateRefused(int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new TrustingAnything()}, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      try {
        s.startHandshake();
        s.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        int first = s.getInputStream().read();
        assertTrue(first == -1, "port " + port + " answered a TLS client without a certificate (" + first + ")");
      } catch (java.net.SocketTimeoutException e) {
        fail("port " + port + " neither answered nor refused a TLS client without a certificate");
      } catch (IOException refused) {
        // the server refused the handshake (TLS 1.2) or sent certificate_required after it (TLS 1.3)
      }
    }
  }

  /** GET {@code url} over HTTPS trusting {@code tls}'s CA, presenting its certificate when {@code withCertificate}. */
  public static Future<String> get(Vertx vertx, TlsMaterial tls, boolean withCertificate, String url) {
    HttpClientOptions options = new HttpClientOptions().setConnectTimeout(TIMEOUT_MILLIS);
    if (tls != null) {
      options.setSsl(true).setVerifyHost(false).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.caPem())));
      if (withCertificate) {
        options.setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.certPem()))
            .addKeyValue(Buffer.buffer(tls.keyPem())));
      }
    }
    io.vertx.core.http.HttpClient http = vertx.createHttpClient(options);
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
        .compose(r -> r.send().compose(resp -> resp.statusCode() == 200 ? resp.body().map(Buffer::toString)
            : Future.failedFuture("HTTP " + resp.statusCode())))
        .timeout(30, TimeUnit.SECONDS)
        .eventually(http::close);
  }

  /** The value of {@code weft_tls_handshakes_refused_total{channel="…"}} in {@code metrics}. */
  public static double refused(String metrics, String channel) {
    return metric(metrics, "weft_tls_handshakes_refused_total\\{channel=\"" + channel + "\"}");
  }

  /** The value of the sample {@code nameRegex} in {@code metrics}. */
  public static double metric(String metrics, String nameRegex) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + nameRegex + " (\\S+)$",
        java.util.regex.Pattern.MULTILINE).matcher(metrics);
    assertTrue(m.find(), "no " + nameRegex + " in\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  /**
   * Asserts that request {@code f} never reached a Weft handler: it fails, and not with a refusal
   * from the recipient (which would mean the message was delivered and judged).
   */
  public static void assertNeverDelivered(Future<?> f, String what) {
    Exception e = assertThrows(Exception.class, f::await, what);
    if (e instanceof ReplyException r) {
      assertTrue(r.failureType() != ReplyFailure.RECIPIENT_FAILURE, what + ": the message was delivered and refused ("
          + r.getMessage() + "), not kept out by TLS");
    }
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (java.net.SocketTimeoutException e) {
      fail("the port neither answered nor closed a plain TCP connection");
      return -2;
    } catch (IOException reset) {
      return -1;
    }
  }

  /** Accepts any server certificate: the probe checks what the server demands, not who it is. */
  private static final class TrustingAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // a client-side probe never checks clients
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // any server: the probe only learns whether the server demands a certificate
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
