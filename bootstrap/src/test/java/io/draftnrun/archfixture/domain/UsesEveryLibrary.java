package io.draftnrun.archfixture.domain;

/** Violates every library-confinement rule (6): third-party types outside their adapter. */
@SuppressWarnings("unused")
public class UsesEveryLibrary {
    org.jooq.DSLContext jooq;
    org.postgresql.Driver postgres;
    com.zaxxer.hikari.HikariDataSource hikari;
    graphql.GraphQL graphQl;
    org.dataloader.DataLoader<String, String> dataLoader;
    io.helidon.webserver.WebServer helidon;
    io.helidon.webclient.api.WebClient helidonClient;
    org.redisson.api.RedissonClient redisson;
    org.flywaydb.core.Flyway flyway;
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres zonky;
    redis.embedded.RedisServer embeddedRedis;
    dev.langchain4j.model.chat.ChatModel langchain4j;
    io.qdrant.client.QdrantClient qdrant;
    io.grpc.ManagedChannel grpc;
    software.amazon.awssdk.services.s3.S3Client s3;
    org.apache.lucene.index.IndexWriter lucene;
    com.nimbusds.jwt.SignedJWT nimbus;
    com.macasaet.fernet.Key fernet;
    org.springframework.security.crypto.password.PasswordEncoder springSecurity;
    io.micrometer.core.instrument.MeterRegistry micrometer;
    org.apache.pdfbox.pdmodel.PDDocument pdfbox;
    org.apache.poi.xwpf.usermodel.XWPFDocument poi;
    org.jsoup.nodes.Document jsoup;
    com.knuddels.jtokkit.api.Encoding jtokkit;
    net.sf.jsqlparser.statement.Statement jsqlparser;
    org.apache.hc.client5.http.classic.HttpClient httpClient5;
    io.opentelemetry.sdk.trace.export.SpanExporter openTelemetry;
}
