package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ServerInfoIT {
    @Test
    void serverInfoAnswersAnonymouslyAndNamesEmbeddedAdapters() {
        JsonNode info = SharedServer.client()
                .data("{ serverInfo { version mode adapters { port adapter embedded } } }")
                .get("serverInfo");
        assertThat(info.get("mode").asText()).isEqualTo("dev");
        assertThat(info.get("adapters").findValuesAsText("port")).contains("backendDatabase", "queueAndEvents");
        assertThat(info.get("adapters").findValues("embedded")).allMatch(JsonNode::asBoolean);
    }
}
