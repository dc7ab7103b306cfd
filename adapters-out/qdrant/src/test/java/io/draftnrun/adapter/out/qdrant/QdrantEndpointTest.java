package io.draftnrun.adapter.out.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QdrantEndpointTest {
    @Test
    void readsGrpcUrls() {
        assertThat(QdrantEndpoint.parse("http://localhost:6334"))
                .isEqualTo(new QdrantEndpoint("localhost", 6334, false, false));
        assertThat(QdrantEndpoint.parse("https://xyz.eu-central.aws.cloud.qdrant.io"))
                .isEqualTo(new QdrantEndpoint("xyz.eu-central.aws.cloud.qdrant.io", 6334, true, false));
        assertThat(QdrantEndpoint.parse(" http://10.0.0.5:7000/ "))
                .isEqualTo(new QdrantEndpoint("10.0.0.5", 7000, false, false));
    }

    @Test
    void mapsTheReferenceRestPortToGrpc() {
        assertThat(QdrantEndpoint.parse("https://xyz.cloud.qdrant.io:6333"))
                .isEqualTo(new QdrantEndpoint("xyz.cloud.qdrant.io", 6334, true, true));
    }

    @Test
    void refusesUnusableUrlsNamingTheVariable() {
        for (String bad :
                new String[] {"", "localhost:6334", "grpc://host:6334", "http://host:6334/qdrant", "http://u:p@host"}) {
            assertThatThrownBy(() -> QdrantEndpoint.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("QDRANT_CLUSTER_URL");
        }
    }
}
