package io.draftnrun.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import io.draftnrun.domain.shared.DomainException;
import io.helidon.common.tls.Tls;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models' HTTP client over TLS, as with every hosted provider: a provider's certificate must be trusted and name
 * the host called. The servers' certificates are made by the JDK's keytool, each for one host name.
 */
class LlmHttpClientTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    static KeyStore keys;
    HttpsServer server;

    @BeforeAll
    static void certificates() throws Exception {
        keytool("server.p12", "localhost");
        keytool("other.p12", "other.example");
        keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, PASSWORD);
        }
    }

    /** A key pair and self-signed certificate for {@code host} alone, made by the JDK's keytool. */
    private static void keytool(String file, String host) throws Exception {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=" + host,
                        "-ext",
                        "san=dns:" + host,
                        "-validity",
                        "2",
                        "-keystore",
                        dir.resolve(file).toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @BeforeEach
    void start() throws Exception {
        server = serve(keys);
    }

    private static HttpsServer serve(KeyStore identity) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/v1/echo", exchange -> {
            byte[] body = ("{\"got\":" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                            + ",\"auth\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpRequest post(String host) {
        return HttpRequest.builder()
                .method(HttpMethod.POST)
                .url("https://" + host + ":" + server.getAddress().getPort() + "/v1/echo")
                .addHeader("Content-Type", "application/json")
                .addHeader("Authorization", "Bearer sk-test")
                .body("{\"q\":1}")
                .build();
    }

    private static Tls trusting(KeyStore trusted) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return Tls.builder().sslContext(context).build();
    }

    @Test
    void callsAProviderOverTlsWhoseCertificateIsTrustedAndNamesTheHost() throws Exception {
        LlmHttpClient client = LlmHttpClient.builder().tls(trusting(keys)).build();

        SuccessfulHttpResponse response = client.execute(post("localhost"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"got\":{\"q\":1},\"auth\":\"Bearer sk-test\"}");
        assertThat(response.headers()).containsKey("Content-Type");
    }

    @Test
    void refusesACertificateTheJdkDoesNotTrust() {
        LlmHttpClient client = LlmHttpClient.builder().build(); // the JDK's trust store

        assertThatThrownBy(() -> client.execute(post("localhost"))).hasMessageContaining("SSL");
    }

    @Test
    void refusesATrustedCertificateThatNamesAnotherHost() throws Exception {
        KeyStore other = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(dir.resolve("other.p12"))) {
            other.load(in, PASSWORD);
        }
        server.stop(0);
        server = serve(other); // trusted, but made for other.example
        LlmHttpClient client = LlmHttpClient.builder().tls(trusting(other)).build();

        assertThatThrownBy(() -> client.execute(post("localhost"))).hasMessageContaining("SSL");
    }

    @Test
    void refusesTlsToAnIpAddressWhoseCertificateItCouldNotCheck() throws Exception {
        LlmHttpClient client = LlmHttpClient.builder().tls(trusting(keys)).build();

        assertThatThrownBy(() -> client.execute(post("127.0.0.1")))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("names an IP address: use its host name");
        assertThatThrownBy(() -> client.execute(post("[::1]"))).isInstanceOf(DomainException.class);
    }
}
