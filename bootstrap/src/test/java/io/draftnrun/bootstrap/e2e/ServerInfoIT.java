package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ServerInfoIT {
    private static final String QUERY = "{ serverInfo { version mode adapters { port adapter embedded location } } }";

    @Test
    void anyoneSeesVersionAndModeButNoHostPortOrPath() {
        GraphQlClient anonymous = SharedServer.client();
        for (GraphQlClient caller : new GraphQlClient[] {anonymous, Users.newUser(anonymous, "info")}) {
            GraphQlClient.Response response = caller.execute(QUERY);
            assertThat(response.body().has("errors")).isFalse();
            JsonNode info = response.body().at("/data/serverInfo");
            assertThat(info.get("mode").asText()).isEqualTo("dev");
            assertThat(info.get("version").asText()).isNotBlank();
            assertThat(info.get("adapters").isNull()).isTrue();
            // nothing that locates a service: no address, no port, no data path
            String body = response.body().toString();
            assertThat(body).doesNotContain("127.0.0.1", "localhost", "jdbc", "postgresql", "/tmp", "draftnrun-e2e");
            assertThat(body).doesNotContainPattern(":\\d{2,5}");
        }
    }

    @Test
    void aPlatformSuperAdminSeesWhichAdapterServesEachPortAndWhere() {
        JsonNode info = Users.admin(SharedServer.client()).data(QUERY).get("serverInfo");
        assertThat(info.get("adapters").findValuesAsText("port")).contains("backendDatabase", "queueAndEvents");
        assertThat(info.get("adapters").findValues("embedded")).allMatch(JsonNode::asBoolean);
        assertThat(info.get("adapters").findValuesAsText("location")).anyMatch(l -> l.contains("127.0.0.1"));
    }
}
