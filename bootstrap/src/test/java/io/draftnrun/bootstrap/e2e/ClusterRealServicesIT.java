package io.draftnrun.bootstrap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.draftnrun.adapter.out.qdrant.QdrantVectorStore;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster topology as a self-hoster runs it, on the machine's real services (issue 19): separate OS processes
 * started from the built jar with the production JVM flags ({@code scripts/jvm.flags} for {@code serve},
 * {@code scripts/jvm-worker.flags} for {@code worker}) — two API instances A and B and a standalone ingestion worker —
 * on the machine's PostgreSQL 15 (databases and a login role of their own, made here and dropped at the end) and Redis
 * 7 (queues of their own), the vector store on the gRPC Qdrant fake run as a process of its own
 * ({@link FakeQdrantMain}), files on S3Proxy (filesystem backend) as a process of its own, the model on the
 * {@link OpenAiStub}. The databases are migrated by the jar's {@code migrate} command, twice (the second run changes
 * nothing). The processes start once; the scenarios run in order and are driven over HTTP and WebSocket like a client.
 * Leftovers of a crashed earlier run (its databases and role, named with its pid) are dropped first.
 */
@Tag("real-services")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRealServicesIT {
    static final String PREFIX = "drn_cluster_";
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String PG_ADMIN = "postgres";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final Duration READY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static Path dir;
    private static String name;
    private static String password;
    private static Map<String, String> env;
    private static OpenAiStub stub;
    private static int qdrantPort;
    private static JarProcess a;
    private static JarProcess b;
    private static int portA;
    private static final Map<String, Object> shared = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTheCluster() throws Exception {
        assertThat(JarProcess.unavailableBecause()).isEmpty();
        Path s3proxyJar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        assertThat(s3proxyJar)
                .as("S3Proxy is copied by the real-services profile of bootstrap/pom.xml (make test-services)")
                .isRegularFile();
        dropLeftovers();
        dir = Files.createTempDirectory("draftnrun-cluster");
        name = PREFIX + ProcessHandle.current().pid() + "_"
                + Long.toHexString(ThreadLocalRandom.current().nextLong(0x100000, 0xffffff));
        password = UUID.randomUUID().toString();
        createDatabases();

        stub = new OpenAiStub();
        closeables.add(stub);
        JarProcess qdrant = JarProcess.command(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FakeQdrantMain.class.getName()))
                .workDir(dir.resolve("qdrant"))
                .start();
        closeables.add(qdrant);
        Pattern listening = Pattern.compile("fake qdrant listening on port (\\d+)");
        assertThat(qdrant.awaitLog(listening, READY)).as(qdrant.logText()).isTrue();
        Matcher port = listening.matcher(qdrant.logText());
        assertThat(port.find()).isTrue();
        qdrantPort = Integer.parseInt(port.group(1));

        int s3Port = JarProcess.freePort();
        Path s3 = Files.createDirectories(dir.resolve("s3proxy"));
        Files.createDirectories(s3.resolve("blobs"));
        Files.writeString(
                s3.resolve("s3proxy.conf"),
                "s3proxy.endpoint=http://127.0.0.1:" + s3Port + "\n"
                        + "s3proxy.authorization=aws-v2-or-v4\n"
                        + "s3proxy.identity=cluster-identity\n"
                        + "s3proxy.credential=cluster-credential\n"
                        + "jclouds.provider=filesystem\n"
                        + "jclouds.filesystem.basedir=" + s3.resolve("blobs") + "\n");
        JarProcess s3proxy = JarProcess.command(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx256m",
                        "-jar",
                        s3proxyJar.toString(),
                        "--properties",
                        s3.resolve("s3proxy.conf").toString()))
                .workDir(s3)
                .start();
        closeables.add(s3proxy);
        assertThat(s3proxy.awaitLog(Pattern.compile("Started .*Server"), READY))
                .as(s3proxy.logText())
                .isTrue();

        env = new HashMap<>();
        env.put("ADA_DB_URL", pgUrl("backend"));
        env.put("INGESTION_DB_URL", pgUrl("ingestion"));
        env.put("TRACES_DB_URL", pgUrl("traces"));
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", "6379");
        env.put("REDIS_QUEUE_NAME", name + "_ingestion");
        env.put("RUN_QUEUE_NAME", name + "_runs");
        env.put("QDRANT_CLUSTER_URL", "http://127.0.0.1:" + qdrantPort);
        env.put("S3_ENDPOINT_URL", "http://127.0.0.1:" + s3Port);
        env.put("S3_ACCESS_KEY_ID", "cluster-identity");
        env.put("S3_SECRET_ACCESS_KEY", "cluster-credential");
        env.put("S3_BUCKET_NAME", name.replace('_', '-'));
        env.put("S3_REGION_NAME", "us-east-1");
        env.put("BACKEND_SECRET_KEY", "cluster-backend-secret-" + password);
        env.put("FERNET_KEY", "bG9jYWwtZmVybmV0LWtleS1mb3ItdGhlLXRlc3RzLTE=");
        env.put("SUPABASE_JWT_SECRET", Users.SUPABASE_SECRET);
        env.put("ADMIN_USERNAME", Users.ADMIN_EMAIL);
        env.put("ADMIN_PASSWORD", Users.ADMIN_PASSWORD);
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", stub.baseUrl());
        env.put("HOST", "127.0.0.1");
        env.put("SHUTDOWN_DRAIN_SECONDS", "2");
        env.put("SQL_ALLOWED_HOSTS", "127.0.0.1"); // the machine's MariaDB, for the SQL tools
        // the events of the runs (thousands in the rolling restart) leave the machine's Redis a minute after them
        env.put("RUN_EVENTS_RETENTION_SECONDS", "60");
        // the worker's: one task at a time, a dead worker's delivery taken over after 2 s, batches of one chunk
        env.put("MAX_CONCURRENT_INGESTIONS", "1");
        env.put("INGESTION_RECLAIM_IDLE_SECONDS", "2");
        env.put("EMBEDDING_BATCH_SIZE", "1");

        migrateTwice();
        portA = JarProcess.freePort();
        a = serve("a", portA);
        b = serve("b", JarProcess.freePort());
        a.awaitReady(READY);
        b.awaitReady(READY);
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        try {
            for (AutoCloseable c : closeables.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing " + c + ": " + e);
                }
            }
        } finally {
            try {
                if (name != null) {
                    dropDatabases(name);
                }
            } finally {
                if (dir != null) {
                    try (var paths = Files.walk(dir)) {
                        paths.sorted(Comparator.reverseOrder())
                                .forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    @Test
    @Order(0)
    void bothInstancesAreHealthyOnTheRealServices() {
        for (JarProcess instance : List.of(a, b)) {
            // each probe has a short timeout: on a loaded machine one may miss, the next answers
            AtomicReference<HttpResponse<String>> health = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                health.set(get(instance.baseUrl().resolve("/health")));
                assertThat(health.get().statusCode())
                        .as("%s", health.get().body())
                        .isEqualTo(200);
            });
            assertThat(health.get().body()).contains("\"status\":\"ok\"");
        }
    }

    private static HttpResponse<String> get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void aRunExecutedOnAIsFollowedLiveOnB() throws Exception {
        GraphQlClient onA = Users.newUser(new GraphQlClient(a.baseUrl()), "cluster");
        GraphQlClient onB = new GraphQlClient(b.baseUrl()).withToken(onA.token());
        String org = Flows.createOrganization(onA, "Cluster org");
        Flows.Project project = Flows.project(onA, org, "Clustered", Flows.inputThenLlm("{{input}}"));
        shared.put("user", onA.token());
        shared.put("org", org);
        shared.put("project", project);

        String runId = onA.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: DRAFT, input: $input, wait: false) { id }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.SLOW)))))
                .at("/runProject/id")
                .asText();
        assertThat(status(onB, runId).get("status").asText())
                .as("B sees the run of A while it runs (the model answers after %d ms)", OpenAiStub.SLOW_MILLIS)
                .isIn("QUEUED", "RUNNING");
        List<JsonNode> events = GraphQlWs.subscribe(
                b.baseUrl().toString().replace("http://", "ws://") + "/graphql",
                onA.token(),
                "subscription($id: ID!) { runEvents(runId: $id) { type sequence delta status } }",
                Map.of("id", runId),
                Duration.ofSeconds(30));
        List<String> types =
                events.stream().map(e -> e.at("/runEvents/type").asText()).toList();
        assertThat(types).first().isEqualTo("RUN_STARTED");
        assertThat(types).contains("NODE_STARTED", "NODE_FINISHED").last().isEqualTo("RUN_FINISHED");
        assertThat(status(onA, runId).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(2)
    void aCancelSentToBStopsARunOnA() {
        GraphQlClient onA = new GraphQlClient(a.baseUrl()).withToken((String) shared.get("user"));
        GraphQlClient onB = new GraphQlClient(b.baseUrl()).withToken((String) shared.get("user"));
        Flows.Project project = (Flows.Project) shared.get("project");
        int heldBefore = stub.held();
        String runId = onA.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: DRAFT, input: $input, wait: false) { id }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", OpenAiStub.HOLD)))))
                .at("/runProject/id")
                .asText();
        await("the run on A waits for its model").atMost(Duration.ofSeconds(30)).until(() -> stub.held() > heldBefore);
        assertThat(status(onB, runId).get("status").asText()).isEqualTo("RUNNING");

        assertThat(onB.data(GraphQlDocuments.named("CancelRun"), Map.of("id", runId))
                        .get("cancelRun")
                        .asBoolean())
                .isTrue();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                status(onA, runId).get("status").asText().equals("CANCELLED"))
                        .as("A stops the run: %s", status(onA, runId))
                        .isTrue());
        assertThat(status(onB, runId).get("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(3)
    void aDeployAKeyRevocationAndAMemberRemovalMadeThroughAApplyAtOnceOnB() {
        GraphQlClient onA = new GraphQlClient(a.baseUrl()).withToken((String) shared.get("user"));
        String org = (String) shared.get("org");
        Flows.Project project = Flows.project(onA, org, "Deployed", Flows.inputThenLlm("{{input}}"));
        GraphQlClient member = Users.newUser(new GraphQlClient(b.baseUrl()), "member");
        String memberId = member.data("{ me { id } }").at("/me/id").asText();
        onA.data(GraphQlDocuments.named("AddMember"), Map.of("o", org, "e", Users.emailOf(member)));
        for (int i = 0; i < 2; i++) { // read, then kept by B
            assertThat(rest(b.baseUrl(), project, "hello").body()).contains("\"pong\"");
            assertThat(runAs(member, project)).isEqualTo("SUCCEEDED");
        }

        // A deploys a graph without the model: its Input answers with the question
        JsonNode draft = onA.data(
                        "query($p: ID!) { project(id: $p) { draft { id graph { version } } } }",
                        Map.of("p", project.id()))
                .at("/project/draft");
        Flows.Graph echo = new Flows.Graph();
        echo.input();
        onA.data(
                GraphQlDocuments.named("SaveGraph"),
                Map.of(
                        "p",
                        project.id(),
                        "g",
                        Map.of("id", draft.get("id").asText(), "nodes", echo.nodes, "edges", List.of()),
                        "v",
                        draft.at("/graph/version").asLong()));
        onA.data(GraphQlDocuments.named("DeployGraph"), Map.of("p", project.id()));
        await("B runs the new production graph")
                .atMost(Duration.ofSeconds(30))
                .until(() -> rest(b.baseUrl(), project, "hello").body().contains("\"hello\""));
        shared.put("echo", project);

        // a second key for the rolling restart, then the first revoked through A
        String secondKey = onA.data(
                        "mutation($p: ID!) { createApiKey(projectId: $p, name: \"balancer\") { key } }",
                        Map.of("p", project.id()))
                .at("/createApiKey/key")
                .asText();
        shared.put("echoKey", secondKey);
        String keyId = onA
                .data("query($p: ID!) { apiKeys(projectId: $p) { id name } }", Map.of("p", project.id()))
                .get("apiKeys")
                .findParents("name")
                .stream()
                .filter(k -> !k.get("name").asText().equals("balancer"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asText();
        onA.data(GraphQlDocuments.named("RevokeApiKey"), Map.of("id", keyId));
        await("B refuses the revoked key")
                .atMost(Duration.ofSeconds(30))
                .until(() -> rest(b.baseUrl(), project, "hello").statusCode() == 401);

        onA.data(GraphQlDocuments.named("RemoveMember"), Map.of("o", org, "u", memberId));
        await("B refuses the removed member")
                .atMost(Duration.ofSeconds(30))
                .until(() -> runAs(member, project).equals("NOT_FOUND"));
    }

    @Test
    @Order(4)
    void anUploadThroughAIsIngestedByTheWorkerAndAKilledWorkersTaskIsFinishedByTheNextWithoutDuplicates()
            throws Exception {
        GraphQlClient onA = new GraphQlClient(a.baseUrl()).withToken((String) shared.get("user"));
        String org = (String) shared.get("org");
        String sourceId = onA.data(
                        GraphQlDocuments.named("CreateFilesSource"),
                        // the sizes cleanChunkIds assumes
                        Map.of("o", org, "name", "Manuals", "chunkSize", 1024, "chunkOverlap", 50))
                .at("/createSource/id")
                .asText();
        List<KnowledgeIT.FilePart> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(new KnowledgeIT.FilePart(
                    "manual-" + i + ".md",
                    "text/markdown",
                    WorkerCrashIT.manual(i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> expected = WorkerCrashIT.cleanChunkIds(new SourceId(UUID.fromString(sourceId)), files);

        JarProcess first = worker("first");
        JsonNode upload = KnowledgeIT.multipartUpload(a.baseUrl(), onA.token(), sourceId, files);
        assertThat(upload.path("errors").isMissingNode()).as(upload.toString()).isTrue();
        String task = upload.at("/data/uploadFiles/id").asText();
        JsonNode midway = DatabaseSourceIT.awaitTask(
                onA,
                task,
                t -> t.get("status").asText().equals("IN_PROGRESS")
                        && t.get("chunksDone").asInt() >= 5,
                Duration.ofSeconds(90));
        first.kill9();
        JsonNode atKill = DatabaseSourceIT.task(onA, task);
        assertThat(atKill.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(atKill.get("chunksDone").asInt())
                .as("killed in the middle of the task (%s)", midway)
                .isLessThan(expected.size());

        worker("second");
        JsonNode done = DatabaseSourceIT.awaitTask(
                onA,
                task,
                t -> List.of("COMPLETED", "FAILED").contains(t.get("status").asText()),
                Duration.ofSeconds(120));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("chunksDone").asInt()).isEqualTo(expected.size());
        System.out.printf(
                "ClusterRealServicesIT: %d chunks, first worker killed at %d%n",
                expected.size(), atKill.get("chunksDone").asInt());

        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc("ingestion"), name, password);
                PreparedStatement s = c.prepareStatement("SELECT chunk_id FROM chunks WHERE source_id = ?")) {
            s.setObject(1, UUID.fromString(sourceId));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(expected);
        String collection = Source.collectionOf(new SourceId(UUID.fromString(sourceId)));
        try (QdrantVectorStore vectors = QdrantVectorStore.connect("http://127.0.0.1:" + qdrantPort, null)) {
            assertThat(vectors.count(collection))
                    .as("points in the Qdrant process")
                    .isEqualTo(expected.size());
        }
    }

    @Test
    @Order(5)
    void aRollingRestartOfAWhileBServesFailsNoRequestAtTheBalancer() throws Exception {
        Flows.Project project = (Flows.Project) shared.get("echo");
        String key = (String) shared.get("echoKey");
        Balancer balancer = new Balancer(List.of(a.baseUrl(), b.baseUrl()));
        try (balancer) {
            balancer.awaitHealthy(2);
            AtomicBoolean load = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    while (load.get()) {
                        balancer.post("/projects/" + project.id() + "/production/run", key, "hello");
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> balancer.served(a.baseUrl()) > 10 && balancer.served(b.baseUrl()) > 10);

            long servedBefore = balancer.served(a.baseUrl());
            a.signal("TERM");
            assertThat(a.awaitExit(Duration.ofSeconds(60))).as(a.logText()).isPresent();
            long servedByOldA = balancer.served(a.baseUrl()) - servedBefore;
            a = serve("a2", portA);
            a.awaitReady(READY);
            long servedAtRestart = balancer.served(a.baseUrl());
            await("the restarted A serves again")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> balancer.served(a.baseUrl()) > servedAtRestart + 10);
            load.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60));
            }
            System.out.printf(
                    "ClusterRealServicesIT rolling restart: %d requests, %d failed, %d retried after a refused"
                            + " connection, %d served by A while it drained%n",
                    balancer.requests.get(), balancer.failures.size(), balancer.refused.get(), servedByOldA);
            assertThat(balancer.failures).as("failed requests at the balancer").isEmpty();
            assertThat(balancer.requests.get()).isGreaterThan(50);
        }
    }

    @Test
    @Order(6)
    void aSqlToolOnBReadsMariaDbThroughTheReadOnlyAccountAndWritesNothing() throws Exception {
        GraphQlClient onB = new GraphQlClient(b.baseUrl()).withToken((String) shared.get("user"));
        Flows.Graph graph = new Flows.Graph();
        String in = graph.input();
        String tool = graph.node(SqlGuardIT.RUN_SQL_QUERY_TOOL, "Run SQL", false, Map.of());
        String db = graph.node(
                SqlGuardIT.SQL_DB_SERVICE,
                "Products",
                false,
                Map.of("engine_url", "mysql+pymysql://" + name + ":" + password + "@127.0.0.1:3306/" + name));
        graph.edge(in, tool).slot(tool, "db_service", db);
        Flows.Project project = Flows.project(onB, (String) shared.get("org"), "MariaDB products", graph);

        String read = runSql(onB, project, "SELECT label FROM products ORDER BY id");
        assertThat(read).contains("SUCCEEDED").contains("sensor").contains("probe");
        String write = runSql(onB, project, "DELETE FROM products");
        assertThat(write)
                .as("the guard refuses a write before the read-only account would")
                .contains("Query refused");
        try (Connection c = DriverManager.getConnection(MARIADB + name, "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM products")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows after the DELETE (%s)", write).isEqualTo(2);
        }
    }

    private static String runSql(GraphQlClient client, Flows.Project project, String sql) {
        return client.data(
                        """
                        mutation($p: ID!, $input: JSON!) {
                          runProject(projectId: $p, environment: PRODUCTION, input: $input) { status message error }
                        }""",
                        Map.of(
                                "p",
                                project.id(),
                                "input",
                                Map.of("messages", List.of(Map.of("role", "user", "content", sql)))))
                .get("runProject")
                .toString();
    }

    // --- the processes

    private static JarProcess serve(String instance, int port) {
        JarProcess process = JarProcess.builder("serve")
                .env(env)
                .env("DATA_DIR", dir.resolve(instance).resolve("data").toString())
                .workDir(dir.resolve(instance))
                .port(port)
                .start();
        closeables.add(process);
        return process;
    }

    private static JarProcess worker(String instance) {
        JarProcess process = JarProcess.builder("worker")
                .jvmFlags(JarProcess.workerJvmFlags())
                .env(env)
                .env(
                        "DATA_DIR",
                        dir.resolve("worker-" + instance).resolve("data").toString())
                .env("WORKER_NAME", "worker-" + instance)
                .workDir(dir.resolve("worker-" + instance))
                .start();
        closeables.add(process);
        assertThat(process.awaitLog(Pattern.compile("(?m)^Draft'n run worker .* is ready$"), READY))
                .as(process.logText())
                .isTrue();
        return process;
    }

    /** The jar's {@code migrate} on the empty databases, then again: the second applies nothing and succeeds. */
    private static void migrateTwice() throws Exception {
        List<Long> applied = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            JarProcess migrate = JarProcess.builder("migrate")
                    .env(env)
                    .workDir(dir.resolve("migrate-" + i))
                    .start();
            closeables.add(migrate);
            assertThat(migrate.awaitExit(READY)).as(migrate.logText()).contains(0);
            assertThat(migrate.logText()).contains("databases migrated");
            long rows = 0;
            for (String db : List.of("backend", "ingestion", "traces")) {
                try (Connection c = DriverManager.getConnection(jdbc(db), name, password);
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("migrations applied to %s", db).isPositive();
                    rows += rs.getLong(1);
                }
            }
            applied.add(rows);
        }
        assertThat(applied.get(1)).as("the second migrate applies nothing").isEqualTo(applied.get(0));
    }

    // --- the databases

    private static String pgUrl(String db) {
        return "postgresql://" + name + ":" + password + "@127.0.0.1:5432/" + name + "_" + db;
    }

    private static String jdbc(String db) {
        return "jdbc:postgresql://127.0.0.1:5432/" + name + "_" + db;
    }

    private static void createDatabases() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG, PG_ADMIN, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            for (String db : List.of("backend", "ingestion", "traces")) {
                s.execute("CREATE DATABASE " + name + "_" + db + " OWNER " + name);
            }
        }
        // a customer's MariaDB with a read-only account, for the SQL tools (dropped with the rest)
        try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            s.execute("CREATE TABLE " + name + ".products (id INT PRIMARY KEY, label VARCHAR(40))");
            s.execute("INSERT INTO " + name + ".products VALUES (1, 'sensor'), (2, 'probe')");
            s.execute("CREATE USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
            s.execute("GRANT SELECT ON " + name + ".* TO '" + name + "'@'%'");
        }
    }

    /** Drops the databases, role and MariaDB user of a run (this one, or a crashed earlier one). */
    private static void dropDatabases(String run) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG, PG_ADMIN, "");
                Statement s = c.createStatement()) {
            for (String db : List.of("backend", "ingestion", "traces")) {
                s.execute("DROP DATABASE IF EXISTS " + run + "_" + db + " WITH (FORCE)");
            }
            s.execute("DROP ROLE IF EXISTS " + run);
        }
        try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + run);
            s.execute("DROP USER IF EXISTS '" + run + "'@'%'");
        }
        for (String key : redis("KEYS", run + "_*")) {
            redis("DEL", key);
        }
    }

    /** One command to the machine's Redis (RESP over a socket); the strings of its answer. */
    private static List<String> redis(String... command) {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                request.append('$')
                        .append(part.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String first = Balancer.line(in).strip();
            List<String> values = new ArrayList<>();
            if (first.startsWith("-")) {
                throw new IllegalStateException("Redis: " + first);
            }
            if (first.startsWith("*")) {
                int count = Integer.parseInt(first.substring(1));
                for (int i = 0; i < count; i++) {
                    Balancer.line(in); // $length
                    values.add(Balancer.line(in).strip());
                }
            }
            return values;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The runs whose databases, role or user are still here though their JVM (its pid is in the name) is gone. */
    private static void dropLeftovers() throws SQLException {
        Pattern run = Pattern.compile("^(" + PREFIX + "(\\d+)_[0-9a-f]+)");
        Set<String> found = new HashSet<>();
        try (Connection c = DriverManager.getConnection(PG, PG_ADMIN, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database UNION SELECT rolname FROM pg_roles")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        try (Connection c = DriverManager.getConnection(MARIADB, "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT schema_name FROM information_schema.schemata UNION SELECT user FROM mysql.user")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        found.addAll(redis("KEYS", PREFIX + "*"));
        Set<String> dead = new HashSet<>();
        for (String value : found) {
            Matcher m = run.matcher(value);
            if (m.find()
                    && ProcessHandle.of(Long.parseLong(m.group(2)))
                            .map(p -> !p.isAlive())
                            .orElse(true)) {
                dead.add(m.group(1));
            }
        }
        for (String leftover : dead) {
            System.out.println("ClusterRealServicesIT: dropping the leftovers of a crashed run: " + leftover);
            dropDatabases(leftover);
        }
    }

    // --- the client's side

    private static HttpResponse<String> rest(URI server, Flows.Project project, String text) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(server.resolve("/projects/" + project.id() + "/production/run"))
                            .header("Content-Type", "application/json")
                            .header("X-API-Key", project.key())
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runAs(GraphQlClient member, Flows.Project project) {
        GraphQlClient.Response response = member.execute(
                "mutation($p: ID!, $input: JSON!) { runProject(projectId: $p, environment: PRODUCTION, input: $input) {"
                        + " status } }",
                Map.of("p", project.id(), "input", Flows.hello()));
        return response.errorCode() != null
                ? response.errorCode()
                : response.body().at("/data/runProject/status").asText();
    }

    private static JsonNode status(GraphQlClient client, String runId) {
        return client.data(GraphQlDocuments.named("RunStatus"), Map.of("id", runId))
                .get("run");
    }

    /**
     * A load balancer as a self-hoster puts before the API instances, simulated: it checks {@code /health} of every
     * backend every 100 ms, takes a backend out after two failed checks in a row and back after one good one, and
     * sends requests only to those in, round robin, each on a connection of its own
     * ({@code Connection: close}, as nginx does to its upstreams by default); a refused connection is retried on the
     * next backend, any other failure (reset, timeout, a 5xx) counts as a failed request.
     */
    static final class Balancer implements AutoCloseable {
        private final List<URI> backends;
        private final Set<URI> healthy = ConcurrentHashMap.newKeySet();
        final Map<URI, String> lastHealth = new ConcurrentHashMap<>();
        private final Map<URI, Integer> failedChecks = new ConcurrentHashMap<>();
        private final Map<URI, AtomicLong> served = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread checker;
        private volatile boolean running = true;

        Balancer(List<URI> backends) {
            this.backends = List.copyOf(backends);
            backends.forEach(u -> served.put(u, new AtomicLong()));
            this.checker = Thread.ofPlatform().daemon().name("balancer-health").start(() -> {
                while (running) {
                    for (URI backend : this.backends) {
                        boolean up;
                        try {
                            String answer = exchange(backend, "GET", "/health", null, null);
                            up = answer.startsWith("HTTP/1.1 200");
                            lastHealth.put(backend, answer);
                        } catch (IOException e) {
                            up = false;
                            lastHealth.put(backend, e.toString());
                        }
                        int failed = up ? 0 : failedChecks.merge(backend, 1, Integer::sum);
                        if (up) {
                            failedChecks.put(backend, 0);
                            healthy.add(backend);
                        } else if (failed >= 2) {
                            healthy.remove(backend);
                        }
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the health check interval
                }
            });
        }

        long served(URI backend) {
            return served.get(backend).get();
        }

        void awaitHealthy(int count) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(healthy.size() >= count)
                            .as("healthy backends: %s of %s (%s)", healthy, backends, lastHealth)
                            .isTrue());
        }

        void post(String path, String apiKey, String text) {
            requests.incrementAndGet();
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
            for (int attempt = 0; attempt < 10; attempt++) {
                List<URI> up = backends.stream().filter(healthy::contains).toList();
                if (up.isEmpty()) {
                    failures.add("no healthy backend");
                    return;
                }
                URI backend = up.get(Math.floorMod(next.getAndIncrement(), up.size()));
                try {
                    String response = exchange(backend, "POST", path, apiKey, body);
                    if (response.startsWith("HTTP/1.1 200") && response.contains("\"" + text + "\"")) {
                        served.get(backend).incrementAndGet();
                    } else {
                        failures.add(
                                backend + ": " + response.lines().findFirst().orElse("(empty answer)"));
                    }
                    return;
                } catch (ConnectException e) {
                    refused.incrementAndGet(); // never sent: another backend may take it
                } catch (IOException e) {
                    failures.add(backend + ": " + e);
                    return;
                }
            }
            failures.add(
                    "refused by every backend " + ThreadLocalRandom.current().nextInt());
        }

        /** One HTTP/1.1 exchange on a new connection; the whole answer (status line, headers, body). */
        private static String exchange(URI backend, String method, String path, String apiKey, String body)
                throws IOException {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(backend.getHost(), backend.getPort()), 2000);
                socket.setSoTimeout(30_000);
                byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder()
                        .append(method)
                        .append(' ')
                        .append(path)
                        .append(" HTTP/1.1\r\nHost: ")
                        .append(backend.getHost())
                        .append(':')
                        .append(backend.getPort())
                        .append("\r\nConnection: close\r\n");
                if (apiKey != null) {
                    head.append("X-API-Key: ").append(apiKey).append("\r\n");
                }
                if (body != null) {
                    head.append("Content-Type: application/json\r\nContent-Length: ")
                            .append(content.length)
                            .append("\r\n");
                }
                head.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                return readAnswer(socket.getInputStream());
            }
        }

        /** Status line and headers, then the body by its length, its chunks, or up to the end of the connection. */
        private static String readAnswer(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed without an answer (" + head + ")");
                }
                head.write(c);
                matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            String lower = headers.toLowerCase(java.util.Locale.ROOT);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Matcher length = Pattern.compile("content-length:\\s*(\\d+)").matcher(lower);
            if (length.find()) {
                body.write(in.readNBytes(Integer.parseInt(length.group(1))));
            } else if (lower.contains("transfer-encoding: chunked")) {
                while (true) {
                    String size = line(in).strip();
                    int n = Integer.parseInt(size.split(";")[0], 16);
                    if (n == 0) {
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else {
                in.transferTo(body);
            }
            return headers + body.toString(StandardCharsets.UTF_8);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            checker.join(Duration.ofSeconds(10));
        }
    }
}
