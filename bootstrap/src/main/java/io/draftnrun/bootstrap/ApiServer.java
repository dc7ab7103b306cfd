package io.draftnrun.bootstrap;

import io.draftnrun.adapter.in.graphql.GraphQlEngine;
import io.draftnrun.adapter.in.graphql.GraphQlHttpHandler;
import io.draftnrun.adapter.in.graphql.GraphQlHttpService;
import io.draftnrun.adapter.in.graphql.GraphQlLimits;
import io.draftnrun.adapter.in.graphql.GraphQlSlice;
import io.draftnrun.adapter.in.graphql.OrganizationGraphQl;
import io.draftnrun.adapter.in.graphql.SystemGraphQl;
import io.draftnrun.adapter.in.graphql.TraceGraphQl;
import io.draftnrun.adapter.in.graphql.WebSocketLimits;
import io.draftnrun.adapter.in.http.Callers;
import io.draftnrun.adapter.in.http.HttpApi;
import io.draftnrun.adapter.in.http.HttpService;
import io.draftnrun.adapter.in.http.MetricsRoutes;
import io.draftnrun.adapter.in.http.RateLimiter;
import io.draftnrun.adapter.in.http.RequestAuthenticator;
import io.draftnrun.adapter.out.llm.CustomModelsFile;
import io.draftnrun.adapter.out.llm.FileModelCatalog;
import io.draftnrun.adapter.out.postgres.JooqProjectOwnership;
import io.draftnrun.application.components.BuiltInComponents;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.organization.OrganizationUseCases;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API process ({@code serve} and {@code dev}): wires the application's use cases to the adapters and serves
 * GraphQL, GraphiQL, health and the REST run endpoint on one Helidon server.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final WebServer server;
    private final ScheduledExecutorService monitor;
    private final String host;
    private final Tracing tracing;
    private final KnowledgeWiring knowledge;

    private ApiServer(
            WebServer server,
            ScheduledExecutorService monitor,
            String host,
            Tracing tracing,
            KnowledgeWiring knowledge) {
        this.server = server;
        this.monitor = monitor;
        this.host = host;
        this.tracing = tracing;
        this.knowledge = knowledge;
    }

    /** The knowledge slice of this server: vector store, embeddings, source indexes, the in-process worker. */
    public KnowledgeWiring knowledge() {
        return knowledge;
    }

    /** Tracer, trace queries, usage limiter and metrics of this server (the run engine records with the tracer). */
    public Tracing tracing() {
        return tracing;
    }

    /** Builds everything on top of {@code infrastructure} and starts listening. */
    public static ApiServer start(Settings settings, Mode mode, Infrastructure infrastructure) {
        return start(settings, mode, infrastructure, Optional.empty());
    }

    /**
     * As {@link #start(Settings, Mode, Infrastructure)}, with the request authenticator replaced (tests only: e.g.
     * fixed test tokens mapped to actors).
     */
    public static ApiServer start(
            Settings settings,
            Mode mode,
            Infrastructure infrastructure,
            Optional<RequestAuthenticator> authenticatorOverride) {
        String host = host(settings, mode);
        int port = port(settings);
        ensurePortFree(host, port);

        KnowledgeWiring knowledge = KnowledgeWiring.create(settings, infrastructure);
        ServerInfo info = new ServerInfo(Version.current(), mode.label(), infrastructure.bindings());
        SystemQueries system = new SystemQueries(info, infrastructure.probes());

        JooqProjectOwnership projects = new JooqProjectOwnership(infrastructure.backend.dsl());
        Tracing tracing = Tracing.start(settings, infrastructure, projects);
        infrastructure.onClose(tracing);

        OrganizationUseCases organization = IdentityWiring.organization(
                settings,
                infrastructure.backend,
                infrastructure.dataChanges(settings),
                Infrastructure.dataCacheFor(settings),
                projects,
                Clock.systemUTC());
        Seeding.ensureFirstAdmin(settings, organization.ensureFirstAdmin());

        List<GraphQlSlice> slices = new ArrayList<>();
        slices.add(new SystemGraphQl(system));
        slices.add(new OrganizationGraphQl(organization));
        ComponentRegistry components = BuiltInComponents.registry();
        ModelCatalog models = new FileModelCatalog(CustomModelsFile.loadFromWorkingDirectory());
        slices.add(ProjectWiring.slice(
                settings, infrastructure, components, models, organization.secrets(), knowledge.sourceIndexes()));
        if (mode == Mode.DEV) {
            // after the catalog is written (templates' nodes refer to it): make run on a fresh machine offers templates
            Seeding.starterTemplates(settings, infrastructure);
        }
        slices.add(new TraceGraphQl(tracing.queries()));
        RunWiring runs = new RunWiring(
                settings,
                infrastructure,
                components,
                models,
                tracing,
                organization,
                knowledge.sourceIndexes(),
                knowledge.documentLinks());
        slices.add(runs.graphQl);
        slices.add(knowledge.slice());
        if (mode == Mode.DEV || settings.bool("RUN_INGESTION_WORKER", false)) {
            knowledge.startWorker(tracing.metrics()); // make run ingests without a separate worker process
        }

        GraphQlLimits limits = GraphQlLimits.defaults().withIntrospection(settings.bool("GRAPHQL_INTROSPECTION", true));
        GraphQlEngine engine = new GraphQlEngine(slices, limits);
        RequestAuthenticator authenticator =
                authenticatorOverride.orElseGet(() -> IdentityWiring.authenticator(organization));
        // the transport (http adapter) serves GraphQL (graphql adapter) through HttpService: neither names the other
        Callers callers = new Callers(
                authenticator, new RateLimiter(settings.integer("RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000)));
        GraphQlHttpService graphQl = new GraphQlHttpService(
                        engine,
                        callers,
                        tracing.metrics(),
                        new WebSocketLimits(
                                settings.integer("WS_MAX_CONNECTIONS", 2_000, 1, 1_000_000),
                                settings.integer("WS_MAX_CONNECTIONS_PER_USER", 20, 1, 100_000)))
                .maxUploadBytes(settings.integer(
                        "UPLOAD_MAX_BYTES", (int) GraphQlHttpHandler.DEFAULT_MAX_UPLOAD_BYTES, 1, Integer.MAX_VALUE));
        MetricsRoutes metricsRoutes = new MetricsRoutes(
                tracing.metrics()::scrape, settings.bool("METRICS_PUBLIC", true), authenticator, tracing.metrics());
        List<HttpService> services = new ArrayList<>(List.of(graphQl, metricsRoutes, runs.rest, runs.openAi, runs.mcp));
        services.addAll(knowledge.downloadRoutes());
        HttpApi api = new HttpApi(system, services, settings.string("CORS_ALLOW_ORIGINS", ""));

        WebServer server;
        try {
            server = WebServer.builder()
                    .host(host)
                    .port(port)
                    .shutdownHook(false)
                    .routing(api::routing)
                    .addRouting(wsRouting(api))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                throw new ConfigException("port " + port + " is already in use (set PORT or ADA_URL)");
            }
            throw e;
        }
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("health-monitor").factory());
        monitor.scheduleWithFixedDelay(system::health, 5, 5, TimeUnit.SECONDS);
        ApiServer started = new ApiServer(server, monitor, host, tracing, knowledge);
        knowledge.listeningAt(started.baseUrl()); // links of cited documents point here unless ADA_URL says otherwise
        return started;
    }

    private static WsRouting.Builder wsRouting(HttpApi api) {
        WsRouting.Builder ws = WsRouting.builder();
        api.websocket(ws);
        return ws;
    }

    /** Fails fast, before anything starts, when the port is taken or the address settings are invalid. */
    static void checkListenAddress(Settings settings, Mode mode) {
        ensurePortFree(host(settings, mode), port(settings));
    }

    private static String host(Settings settings, Mode mode) {
        return settings.string("HOST", mode == Mode.DEV ? "127.0.0.1" : "0.0.0.0");
    }

    /** {@code PORT}, else the port of {@code ADA_URL}, else 8000. */
    static int port(Settings settings) {
        if (settings.get("PORT").isPresent()) {
            return settings.integer("PORT", 8000, 0, 65535);
        }
        return settings.httpUrl("ADA_URL")
                .map(uri -> uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80))
                .orElse(8000);
    }

    private static void ensurePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigException("port " + port + " on " + host + " is already in use (set PORT or ADA_URL)");
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return server.port();
    }

    /** The base URL clients use (loopback when bound to every interface). */
    public URI baseUrl() {
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        return URI.create("http://" + shown + ":" + port());
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        server.stop();
        LOG.info("HTTP server stopped");
    }
}
