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
    org.redisson.api.RedissonClient redisson;
    org.flywaydb.core.Flyway flyway;
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres zonky;
    redis.embedded.RedisServer embeddedRedis;
}
