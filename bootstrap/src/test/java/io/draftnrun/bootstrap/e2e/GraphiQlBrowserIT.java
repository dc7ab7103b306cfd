package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The GraphiQL console, loaded offline from the server, runs a query in a real headless Chromium. */
class GraphiQlBrowserIT {
    @Test
    void theConsoleRunsAQueryAgainstTheServer() throws Exception {
        GraphQlClient client = SharedServer.client();
        try (Browser browser = Browser.start()) {
            browser.open(client.baseUrl().resolve("/graphiql"));
            browser.awaitText(".graphiql-execute-button", text -> true, Duration.ofSeconds(20));
            browser.awaitText("body", text -> text.contains("serverInfo"), Duration.ofSeconds(20));
            browser.click(".graphiql-execute-button");
            String result = browser.awaitText(
                    ".result-window", text -> text.contains("\"mode\": \"dev\""), Duration.ofSeconds(20));
            assertThat(result).contains("\"version\"").contains("backendDatabase");
        }
    }
}
