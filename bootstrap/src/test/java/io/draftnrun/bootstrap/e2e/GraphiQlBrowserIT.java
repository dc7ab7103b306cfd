package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GraphiQL console, loaded offline from the server, runs a query and a subscription (streamed over the page's
 * graphql-ws client) in a real headless Chromium.
 */
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
            // anonymously: where the services live is for platform super-admins only
            assertThat(result)
                    .contains("\"version\"")
                    .contains("\"adapters\": null")
                    .doesNotContain("backendDatabase");
        }
    }

    @Test
    void theConsoleStreamsASubscriptionsResults() throws Exception {
        GraphQlClient client = SharedServer.client();
        try (Browser browser = Browser.start()) {
            // the console opens a link's ?query= operation in its editor
            String subscription = java.net.URLEncoder.encode(
                    "subscription { heartbeat(count: 5, intervalMs: 400) }", java.nio.charset.StandardCharsets.UTF_8);
            browser.open(client.baseUrl().resolve("/graphiql?query=" + subscription));
            browser.awaitText(".graphiql-execute-button", text -> true, Duration.ofSeconds(20));
            browser.awaitText("body", text -> text.contains("heartbeat(count: 5"), Duration.ofSeconds(20));
            browser.click(".graphiql-execute-button");
            Set<String> seen = new LinkedHashSet<>();
            browser.awaitText(
                    ".result-window",
                    text -> {
                        Matcher m = Pattern.compile("\"heartbeat\": (\\d+)").matcher(text);
                        if (m.find()) {
                            seen.add(m.group(1));
                        }
                        return seen.contains("5");
                    },
                    Duration.ofSeconds(20));
            assertThat(seen)
                    .as("results shown as they stream, the last one being 5")
                    .hasSizeGreaterThan(1);
            assertThat(seen).last().isEqualTo("5");
        }
    }
}
