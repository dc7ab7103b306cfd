package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.adapter.in.http.Callers;
import io.draftnrun.adapter.in.http.HttpApi;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.adapter.in.http.RequestIds;
import io.draftnrun.application.shared.AdapterBinding;
import io.draftnrun.application.shared.HealthStatus;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.shared.port.HealthProbe;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.UserId;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import io.draftnrun.domain.shared.InvalidInput;
import io.draftnrun.domain.shared.Violation;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GraphQL over HTTP as a client sees it: media types, status codes, limits, error codes, no stack traces. */
class GraphQlHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicBoolean DATABASE_UP = new AtomicBoolean(true);
    private static final java.util.concurrent.atomic.AtomicInteger LOOKUPS =
            new java.util.concurrent.atomic.AtomicInteger();
    private static WebServer server;
    private static URI base;
    private static GraphQlEngine engine;

    @BeforeAll
    static void start() {
        HealthProbe probe = new HealthProbe() {
            @Override
            public String name() {
                return "backendDatabase";
            }

            @Override
            public HealthStatus check() {
                return DATABASE_UP.get() ? HealthStatus.ok() : HealthStatus.down("unreachable");
            }
        };
        SystemQueries system = new SystemQueries(
                new ServerInfo("1.2.3", "dev", List.of(new AdapterBinding("backendDatabase", "postgres", true, "x"))),
                List.of(probe));
        GraphQlSlice testSlice = new GraphQlSlice() {
            @Override
            public List<String> schemaResources() {
                return List.of("graphql/testonly.graphqls");
            }

            @Override
            public Map<String, Class<? extends Record>> views() {
                return Map.of("Deep", DeepView.class);
            }

            @Override
            public void register(RuntimeWiring.Builder wiring) {
                wiring.type(
                        "Query",
                        b -> b.dataFetcher("secret", env -> "s3cret")
                                .dataFetcher("missing", env -> {
                                    throw DomainException.notFound("project");
                                })
                                .dataFetcher("broken", env -> {
                                    throw new IllegalStateException("password=hunter2 leaked in a bug");
                                })
                                .dataFetcher("invalidThing", env -> {
                                    throw new InvalidInput(
                                            "graph refused", List.of(new Violation("nodes[0]", "unknown")));
                                })
                                .dataFetcher("deep", env -> new DeepView("d"))
                                .dataFetcher(
                                        "whoami",
                                        env -> env.getGraphQlContext()
                                                .<RequestContext>get(RequestContext.KEY)
                                                .requireActor()
                                                .email()));
                wiring.type("Deep", b -> b.dataFetcher("next", env -> new DeepView("d")));
            }
        };
        engine = new GraphQlEngine(
                List.of(new SystemGraphQl(system), testSlice), new GraphQlLimits(10_000, 6, 200, 3, 2, true));
        RequestAuthenticator authenticator = new RequestAuthenticator() {
            @Override
            public Optional<Actor> authenticate(Optional<String> token) {
                return authenticateDeferred(token).map(caller -> caller.actor().get());
            }

            @Override
            public Optional<Deferred> authenticateDeferred(Optional<String> token) {
                return token.map(t -> {
                    if (!t.equals("good") && !t.equals("good-but-directory-down")) {
                        throw new DomainException(ErrorCode.UNAUTHENTICATED, "invalid token"); // checked at once
                    }
                    UserId user = new UserId(UUID.randomUUID());
                    return new Deferred(user, () -> {
                        LOOKUPS.incrementAndGet();
                        if (t.equals("good-but-directory-down")) {
                            throw new DomainException(ErrorCode.UNAVAILABLE, "the database is unreachable");
                        }
                        return Actor.user(user, "a@b.c", Map.of(), false);
                    });
                });
            }
        };
        HttpApi api = new HttpApi(system, List.of(new GraphQlHttpService(engine, Callers.unlimited(authenticator))));
        server = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .routing(api::routing)
                .build()
                .start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> post(String body, String accept, String contentType, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/graphql"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> query(String query, String token) throws Exception {
        return post(
                JSON.writeValueAsString(Map.of("query", query)),
                "application/graphql-response+json",
                "application/json",
                token);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> queryWithRequestId(String query, String token, String requestId)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/graphql"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/graphql-response+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query))));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final java.util.regex.Pattern GENERATED_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    void aClientsRequestIdIsEchoedAndIsTheCorrelationIdOfAnInternalError() throws Exception {
        String id = "client-req.42:a_B";
        var response = queryWithRequestId("{ broken }", "good", id);
        assertThat(response.headers().firstValue("X-Request-Id")).contains(id);
        JsonNode broken = json(response);
        assertThat(broken.at("/errors/0/extensions/code").asText()).isEqualTo("INTERNAL");
        assertThat(broken.at("/errors/0/extensions/correlationId").asText()).isEqualTo(id);
        assertThat(broken.at("/errors/0/message").asText()).contains(id);
    }

    @Test
    void withoutARequestIdOneIsGeneratedEchoedAndUsed() throws Exception {
        var response = queryWithRequestId("{ broken }", "good", null);
        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(echoed).matches(GENERATED_ID);
        assertThat(json(response).at("/errors/0/extensions/correlationId").asText())
                .isEqualTo(echoed);
        var refused = queryWithRequestId("{ serverInfo { mode } }", "forged", "refused-1");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Request-Id")).contains("refused-1");
    }

    @Test
    void aHostileRequestIdIsReplacedNeverEchoed() throws Exception {
        for (String hostile : List.of("x".repeat(65), "two words", "<script>alert(1)</script>", "a\"b", "é")) {
            var response = queryWithRequestId("{ broken }", "good", hostile);
            String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(echoed).as(hostile).matches(GENERATED_ID);
            assertThat(json(response).at("/errors/0/extensions/correlationId").asText())
                    .isEqualTo(echoed);
            assertThat(response.body()).doesNotContain(hostile);
        }
        String longest = "y".repeat(RequestIds.MAX_LENGTH);
        assertThat(queryWithRequestId("{ serverInfo { mode } }", null, longest)
                        .headers()
                        .firstValue("X-Request-Id"))
                .contains(longest);
    }

    @Test
    void whatACallerMayDoIsReadOnlyWhenAnOperationNeedsItAndOncePerRequest() throws Exception {
        int before = LOOKUPS.get();
        assertThat(json(query("{ secret }", "good")).at("/data/secret").asText())
                .isEqualTo("s3cret");
        assertThat(LOOKUPS.get())
                .as("a valid token is enough for a field that needs no rights")
                .isEqualTo(before);

        JsonNode twice = json(query("{ a: whoami b: whoami }", "good"));
        assertThat(twice.at("/data/a").asText()).isEqualTo("a@b.c");
        assertThat(twice.at("/data/b").asText()).isEqualTo("a@b.c");
        assertThat(LOOKUPS.get()).isEqualTo(before + 1);

        assertThat(query("{ whoami }", "forged").statusCode()).isEqualTo(401);
        assertThat(LOOKUPS.get()).isEqualTo(before + 1);
    }

    @Test
    void aFailedLookUpOfWhatTheCallerMayDoFailsTheOperationClearly() throws Exception {
        JsonNode answer = json(query("{ whoami }", "good-but-directory-down"));
        assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(answer.at("/errors/0/message").asText()).contains("the database is unreachable");
    }

    @Test
    void postAnswersWithTheGraphQlResponseMediaType() throws Exception {
        var response = query("{ serverInfo { version mode adapters { port embedded } } }", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/graphql-response+json"));
        assertThat(json(response).at("/data/serverInfo/version").asText()).isEqualTo("1.2.3");
    }

    @Test
    void legacyJsonClientsGet200EvenForValidationErrors() throws Exception {
        var response = post("{\"query\":\"{ nope }\"}", "application/json", "application/json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
    }

    @Test
    void validationAndSyntaxErrorsAre400WithTheNewMediaType() throws Exception {
        assertThat(query("{ nope }", null).statusCode()).isEqualTo(400);
        var syntax = query("{ serverInfo { ", null);
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(json(syntax).at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
    }

    @Test
    void getRunsQueriesAndRefusesMutations() throws Exception {
        String q = URLEncoder.encode("{ serverInfo { mode } }", StandardCharsets.UTF_8);
        var ok = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/graphql?query=" + q))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).at("/data/serverInfo/mode").asText()).isEqualTo("dev");
        String m = URLEncoder.encode("mutation { ping }", StandardCharsets.UTF_8);
        var refused = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/graphql?query=" + m))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("allow")).contains("POST");
    }

    @Test
    void subscriptionsOverHttpPointToTheWebSocket() throws Exception {
        var response = query("subscription { heartbeat(count: 2, intervalMs: 10) }", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/errors/0/message").asText()).contains("WebSocket");
    }

    @Test
    void malformedRequestsAreRefusedWithClearErrors() throws Exception {
        assertThat(post("{not json", null, "application/json", null).statusCode())
                .isEqualTo(400);
        assertThat(post("{\"variables\":{}}", null, "application/json", null).statusCode())
                .isEqualTo(400);
        assertThat(post("{\"query\":\"{ping}\"}", null, "text/plain", null).statusCode())
                .isEqualTo(415);
        assertThat(post("{\"query\":\"{ping}\"}", "text/html", "application/json", null)
                        .statusCode())
                .isEqualTo(406);
        var tooLarge = post("{\"query\":\"" + "a".repeat(20_000) + "\"}", null, "application/json", null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    void fieldsOtherThanPublicOnesNeedAnIdentity() throws Exception {
        var anonymous = query("{ secret }", null);
        assertThat(json(anonymous).at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(json(anonymous).at("/data/secret").isNull()).isTrue();
        assertThat(json(query("{ secret }", "good")).at("/data/secret").asText())
                .isEqualTo("s3cret");
        var badToken = query("{ serverInfo { mode } }", "forged");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(json(badToken).at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void domainErrorsKeepTheirCodeAndOthersHideDetails() throws Exception {
        JsonNode missing = json(query("{ missing }", "good"));
        assertThat(missing.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(missing.at("/errors/0/message").asText()).isEqualTo("project not found");
        var brokenResponse = query("{ broken }", "good");
        JsonNode broken = json(brokenResponse);
        assertThat(broken.at("/errors/0/extensions/code").asText()).isEqualTo("INTERNAL");
        assertThat(broken.at("/errors/0/extensions/correlationId").asText()).isNotBlank();
        assertThat(brokenResponse.body()).doesNotContain("hunter2", "Exception", "at io.");
        JsonNode invalid = json(query("{ invalidThing }", "good"));
        assertThat(invalid.at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
        assertThat(invalid.at("/errors/0/extensions/violations/0/path").asText())
                .isEqualTo("nodes[0]");
    }

    @Test
    void depthAliasAndBatchLimitsHold() throws Exception {
        var deep = query("{ deep { next { next { next { next { next { next { name } } } } } } } }", "good");
        assertThat(json(deep).at("/errors/0/message").asText()).containsIgnoringCase("depth");
        var aliases = query("{ a: ping b: ping c: ping d: ping }".replace("ping", "serverInfo { mode }"), null);
        assertThat(json(aliases).at("/errors/0/message").asText()).contains("aliases");
        var batch = post(
                "[{\"query\":\"{ serverInfo { mode } }\"},{\"query\":\"mutation { ping }\"}]",
                null,
                "application/json",
                null);
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(json(batch)).hasSize(2);
        assertThat(json(batch).at("/1/data/ping").asBoolean()).isTrue();
        var tooMany = post(
                "[{\"query\":\"{ping}\"},{\"query\":\"{ping}\"},{\"query\":\"{ping}\"}]",
                null,
                "application/json",
                null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    @Test
    void healthReports503WhenADependencyIsDown() throws Exception {
        var up = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(up.statusCode()).isEqualTo(200);
        DATABASE_UP.set(false);
        try {
            var down = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(json(down).at("/dependencies/backendDatabase/status").asText())
                    .isEqualTo("down");
        } finally {
            DATABASE_UP.set(true);
        }
    }

    @Test
    void graphiqlPageAndItsAssetsAreServedFromTheJar() throws Exception {
        var page = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/graphiql")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/graphiql/assets/graphiql.min.js").doesNotContain("https://");
        for (String asset : List.of(
                "graphiql.min.js",
                "graphiql.min.css",
                "react.production.min.js",
                "react-dom.production.min.js",
                "graphql-ws.min.js")) {
            var response = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/graphiql/assets/" + asset))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body().length).as(asset).isGreaterThan(1000);
        }
        var other = HTTP.send(
                HttpRequest.newBuilder(base.resolve("/graphiql/assets/..%2Fpom.xml"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
    }

    @Test
    void introspectionCanBeTurnedOff() {
        SystemQueries system = new SystemQueries(new ServerInfo("1", "dev", List.of()), List.of());
        GraphQlEngine closed = new GraphQlEngine(
                List.of(new SystemGraphQl(system)), GraphQlLimits.defaults().withIntrospection(false));
        var result = closed.execute(
                new GraphQlEngine.GraphQlRequest("{ __schema { types { name } } }", null, Map.of()),
                new RequestContext(Optional.empty(), "r", "127.0.0.1"));
        assertThat(result.getErrors()).isNotEmpty();
        assertThat(Set.of(closed.publicFields().toArray())).contains("Query.serverInfo");
    }

    @Test
    void shapeLimitsAreCheckedOncePerDocumentUnlessVariablesChangeTheShape() throws Exception {
        int before = engine.rememberedWithinLimits();
        String within = "{\"query\":\"{ shapeOnce: serverInfo { mode } }\"}"; // a text no other test sends
        for (int i = 0; i < 3; i++) {
            var ok = post(within, "application/json", "application/json", null);
            assertThat(json(ok).at("/data/shapeOnce/mode").isMissingNode()).isFalse();
        }
        assertThat(engine.rememberedWithinLimits()).isEqualTo(before + 1);

        String conditional = "{\"query\":\"query($d: Boolean!) { deep { next { next { next { next"
                + " @include(if: $d) { next { next { name } } } } } } } }\",\"variables\":{\"d\":%s}}";
        var shallow = post(conditional.formatted("false"), "application/json", "application/json", "good");
        assertThat(json(shallow).has("errors")).as(shallow.body()).isFalse();
        var deep = post(conditional.formatted("true"), "application/json", "application/json", "good");
        assertThat(json(deep).at("/errors/0/message").asText())
                .as("the same document, deeper with these variables")
                .containsIgnoringCase("depth");
        assertThat(engine.rememberedWithinLimits())
                .as("an operation whose shape depends on variables is not remembered")
                .isEqualTo(before + 1);
    }

    @Test
    void repeatedDocumentsAreValidatedOnceButIdentityAndLimitsAreCheckedEveryTime() throws Exception {
        int before = engine.cachedDocuments();
        String secret = "{\"query\":\"{ repeated: secret }\"}"; // a text no other test sends
        var first = post(secret, "application/json", "application/json", "good");
        assertThat(json(first).at("/data/repeated").asText()).isEqualTo("s3cret");
        assertThat(engine.cachedDocuments()).isEqualTo(before + 1);
        var again = post(secret, "application/json", "application/json", "good");
        assertThat(json(again).at("/data/repeated").asText()).isEqualTo("s3cret");
        assertThat(engine.cachedDocuments())
                .as("the same text is not parsed again")
                .isEqualTo(before + 1);

        var anonymous = post(secret, "application/json", "application/json", null);
        assertThat(json(anonymous).at("/errors/0/extensions/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(json(anonymous).at("/data/repeated").isMissingNode()
                        || json(anonymous).at("/data/repeated").isNull())
                .isTrue();

        String tooDeep = "{\"query\":\"{ deep { next { next { next { next { next { next { name } } } } } } } }\"}";
        for (int i = 0; i < 2; i++) {
            var refused = post(tooDeep, "application/json", "application/json", null);
            assertThat(refused.body()).as("attempt " + i).contains("errors").doesNotContain("\"name\":\"d\"");
        }

        var invalid = post("{\"query\":\"{ nope }\"}", "application/json", "application/json", null);
        assertThat(json(invalid).at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
        assertThat(engine.cachedDocuments())
                .as("documents with errors are not kept")
                .isLessThanOrEqualTo(before + 2);
    }

    /** A multipart body in the GraphQL multipart request format whose one file part is named {@code fileName}. */
    private static HttpResponse<String> upload(String fileName, String token) throws Exception {
        String boundary = "----b" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"operations\"\r\n\r\n"
                + "{\"query\":\"{ secret }\",\"variables\":{\"f\":null}}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"map\"\r\n\r\n"
                + "{\"0\":[\"variables.f\"]}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"0\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "hello\r\n"
                + "--" + boundary + "--\r\n";
        return post(body, "application/graphql-response+json", "multipart/form-data; boundary=" + boundary, token);
    }

    @Test
    void multipartUploadsAreAuthenticatedBeforeTheirPartsAreRead() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        root.addAppender(logs);
        try {
            // the probe: a 1,500-character file name, then 100,000, without any token
            for (int length : new int[] {1_500, 100_000}) {
                var anonymous = upload("\\\"".repeat(length / 2), null);
                assertThat(anonymous.statusCode()).as("length " + length).isEqualTo(401);
                assertThat(json(anonymous).at("/errors/0/extensions/code").asText())
                        .isEqualTo("UNAUTHENTICATED");
                assertThat(upload("a".repeat(length), "forged").statusCode()).isEqualTo(401);
            }
            // a body that is not even multipart is not looked at before the caller is known
            var garbage = post("not a multipart body", null, "multipart/form-data; boundary=x", null);
            assertThat(garbage.statusCode()).isEqualTo(401);

            // signed in: the long names are refused as the client's mistake, without a stack overflow
            var longName = upload("\\\"".repeat(750), "good");
            assertThat(longName.statusCode()).isEqualTo(400);
            assertThat(json(longName).at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
            assertThat(json(longName).at("/errors/0/message").asText()).contains("file name is longer than 255");
            var huge = upload("a".repeat(100_000), "good");
            assertThat(huge.statusCode()).isEqualTo(400);
            assertThat(json(huge).at("/errors/0/extensions/code").asText()).isEqualTo("VALIDATION");
            assertThat(garbage.body() + longName.body() + huge.body()).doesNotContain("StackOverflow", "at io.");
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                        .toList())
                .as("refused uploads log nothing above DEBUG")
                .isEmpty();
    }

    @Test
    void contentDispositionIsReadInOnePassWithQuotesAndEscapes() {
        assertThat(GraphQlMultipart.dispositionParameters("form-data; name=\"0\"; filename=\"a;b \\\"c\\\".txt\""))
                .containsEntry("name", "0")
                .containsEntry("filename", "a;b \"c\".txt");
        assertThat(GraphQlMultipart.dispositionParameters("form-data;NAME=map ; filename=x.pdf"))
                .containsEntry("name", "map")
                .containsEntry("filename", "x.pdf");
        assertThat(GraphQlMultipart.dispositionParameters("form-data; name=\"unterminated"))
                .containsEntry("name", "unterminated");
        String pathological = "form-data; filename=\"" + "\\\"".repeat(200_000) + "\"";
        assertThat(GraphQlMultipart.dispositionParameters(pathological).get("filename"))
                .hasSize(200_000);
    }

    @Test
    void introspectionRefusedForBadFaithIsAValidationError() throws Exception {
        var response = query("{ __schema { types { fields { name } other: fields { name } } } }", null);
        JsonNode body = json(response);
        assertThat(body.at("/errors/0/extensions/code").asText())
                .as(response.body())
                .isEqualTo("VALIDATION");
        assertThat(body.at("/errors/0/message").asText()).contains("good faith");
        assertThat(response.statusCode()).isEqualTo(400);
    }
}
