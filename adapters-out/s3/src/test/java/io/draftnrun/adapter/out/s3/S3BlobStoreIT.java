package io.draftnrun.adapter.out.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.draftnrun.application.knowledge.BlobStoreContract;
import io.draftnrun.application.knowledge.port.BlobStore;
import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against S3Proxy 4.1.0 started in this JVM (in-memory storage, AWS v4 signatures checked). */
class S3BlobStoreIT extends BlobStoreContract {
    private static final String ACCESS = "test-access";
    private static final String SECRET = "test-secret-do-not-log";

    private static S3Proxy proxy;
    private static S3BlobStore s3;
    private static S3Settings settings;

    @BeforeAll
    static void startS3Proxy() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        await("S3Proxy started").atMost(Duration.ofSeconds(60)).until(() -> "STARTED".equals(proxy.getState()));
        settings = S3Settings.of("http://127.0.0.1:" + proxy.getPort(), ACCESS, SECRET, "draftnrun-files", "");
        s3 = S3BlobStore.create(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    @Override
    protected BlobStore store() {
        return s3;
    }

    @Test
    void createsTheBucketOnceAndReusesItOnTheNextStart() {
        store.put(key("kept.txt"), bytes("kept"), "text/plain");

        try (S3BlobStore again = S3BlobStore.create(settings)) {
            assertThat(again.getBytes(key("kept.txt"))).isEqualTo(bytes("kept"));
        }
    }

    @Test
    void instancesStartingTogetherOnANewBucketAllStart() throws Exception {
        S3Settings fresh = S3Settings.of("http://127.0.0.1:" + proxy.getPort(), ACCESS, SECRET, "draftnrun-race", "");
        java.util.List<java.util.concurrent.Future<S3BlobStore>> starts = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return S3BlobStore.create(fresh);
                }));
            }
            go.countDown();
            for (var start : starts) {
                try (S3BlobStore started = start.get()) {
                    assertThat(started).isNotNull(); // none failed on the bucket another one created
                }
            }
        }
    }

    @Test
    void settingsNeverShowTheSecret() {
        assertThat(settings.toString()).doesNotContain(SECRET).contains("draftnrun-files");
        assertThat(settings.region()).isEqualTo("us-east-1");
    }

    @Test
    void aPresignedLinkDownloadsTheFileWithItsNameAndATamperedOneIsRefused() throws Exception {
        store.put(key("handbook.pdf"), bytes("%PDF-handbook"), "application/pdf");
        String link = s3.presignedDownload(key("handbook.pdf"), "handbook.pdf", Duration.ofMinutes(5))
                .orElseThrow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<byte[]> ok = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(link)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(bytes("%PDF-handbook"));
        assertThat(ok.headers().firstValue("Content-Disposition").orElse("")).contains("handbook.pdf");
        assertThat(link).doesNotContain(SECRET);

        String tampered = link.replaceFirst("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=x");
        java.net.http.HttpResponse<byte[]> refused = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(tampered)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).isEqualTo(403);
    }
}
