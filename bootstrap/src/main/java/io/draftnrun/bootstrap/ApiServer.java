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
import io.draftnrun.application.shared.AdapterBinding;
import io.draftnrun.application.shared.ServerInfo;
import io.draftnrun.application.shared.SystemQueries;
import io.draftnrun.application.shared.port.HealthProbe;
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
    private final Lifecycle lifecycle;

    private ApiServer(
            WebServer server,
            ScheduledExecutorService monitor,
            String host,
            Tracing tracing,
            KnowledgeWiring knowledge,
            Lifecycle lifecycle) {
        this.server = server;
        this.monitor = monitor;
        this.host = host;
        this.tracing = tracing;
        this.knowledge = knowledge;
        this.lifecycle = lifecycle;
    }

    /** The knowledge slice of this server: vector store, embeddings, source indexes, the in-process worker. */
    public KnowledgeWiring knowledge() {
        return knowledge;
    }

    /** Tracer, trace queries, usage limiter and metrics of this server (the run engine records with the tracer). */
    public Tracing tracing() {
        return tracing;
    }

    /**
     * Builds everything on top of {@code infrastructure} and starts listening; {@code probes} are the process's own
     * health probes (e.g. its shutdown drain). {@code authenticatorOverride} replaces the request authenticator (tests
     * only: e.g. fixed test tokens mapped to actors).
     */
    static ApiServer start(
            Configuration configuration,
            Mode mode,
            Infrastructure infrastructure,
            List<HealthProbe> probes,
            Optional<RequestAuthenticator> authenticatorOverride) {
        Lifecycle lifecycle = new Lifecycle();
        try {
            return start(configuration, mode, infrastructure, probes, authenticatorOverride, lifecycle);
        } catch (RuntimeException | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    private static ApiServer start(
            Configuration configuration,
            Mode mode,
            Infrastructure infrastructure,
            List<HealthProbe> ownProbes,
            Optional<RequestAuthenticator> authenticatorOverride,
            Lifecycle lifecycle) {
        Configuration.Server settings = configuration.server();
        String host = settings.host(mode);
        int port = settings.port();
        ensurePortFree(host, port);

        KnowledgeWiring knowledge = KnowledgeWiring.create(configuration, infrastructure, lifecycle);
        List<AdapterBinding> bindings = new ArrayList<>(infrastructure.bindings());
        bindings.addAll(knowledge.bindings());
        List<HealthProbe> probes = new ArrayList<>(infrastructure.probes());
        probes.addAll(knowledge.probes());
        probes.addAll(ownProbes);
        ServerInfo info = new ServerInfo(Version.current(), mode.label(), bindings);
        SystemQueries system = new SystemQueries(info, probes);

        JooqProjectOwnership projects =
                new JooqProjectOwnership(infrastructure.backend().dsl());
        Tracing tracing = lifecycle.onClose(Tracing.start(configuration.traces(), infrastructure, projects));

        OrganizationUseCases organization =
                IdentityWiring.organization(configuration.identity(), infrastructure, projects, Clock.systemUTC());
        Seeding.ensureFirstAdmin(configuration.identity(), organization.ensureFirstAdmin());

        List<GraphQlSlice> slices = new ArrayList<>();
        slices.add(new SystemGraphQl(system));
        slices.add(new OrganizationGraphQl(organization));
        ModelCatalog models = new FileModelCatalog(CustomModelsFile.loadFromWorkingDirectory());
        slices.add(ProjectWiring.slice(
                configuration.projects(),
                infrastructure,
                BuiltInComponents.definitions(),
                models,
                organization.secrets(),
                knowledge.sourceIndexes()));
        if (mode == Mode.DEV) {
            // after the catalog is written (templates' nodes refer to it): make run on a fresh machine offers templates
            Seeding.starterTemplates(configuration.projects(), infrastructure);
        }
        slices.add(new TraceGraphQl(tracing.queries()));
        ComponentRegistry components = ComponentWiring.registry(
                configuration,
                infrastructure,
                lifecycle,
                models,
                organization.secrets()::plaintext,
                knowledge.sourceIndexes(),
                knowledge.documentLinks(),
                tracing.usageLimiter());
        RunWiring runs = new RunWiring(configuration, infrastructure, lifecycle, components, tracing, organization);
        slices.add(runs.graphQl);
        slices.add(knowledge.slice());
        if (mode == Mode.DEV || configuration.knowledge().runIngestionWorker()) {
            knowledge.startWorker(tracing.metrics()); // make run ingests without a separate worker process
        }

        GraphQlLimits limits = GraphQlLimits.defaults().withIntrospection(settings.graphQlIntrospection());
        GraphQlEngine engine = new GraphQlEngine(slices, limits);
        RequestAuthenticator authenticator =
                authenticatorOverride.orElseGet(() -> IdentityWiring.authenticator(organization));
        // the transport (http adapter) serves GraphQL (graphql adapter) through HttpService: neither names the other
        Callers callers = new Callers(authenticator, new RateLimiter(settings.rateLimitPerMinute()));
        GraphQlHttpService graphQl = new GraphQlHttpService(
                        engine,
                        callers,
                        tracing.metrics(),
                        new WebSocketLimits(settings.wsMaxConnections(), settings.wsMaxConnectionsPerUser()))
                .maxUploadBytes(settings.uploadMaxBytes().orElse((int) GraphQlHttpHandler.DEFAULT_MAX_UPLOAD_BYTES));
        MetricsRoutes metricsRoutes = new MetricsRoutes(
                tracing.metrics()::scrape, settings.metricsPublic(), authenticator, tracing.metrics());
        List<HttpService> services = new ArrayList<>(List.of(graphQl, metricsRoutes, runs.rest, runs.openAi, runs.mcp));
        services.addAll(knowledge.downloadRoutes());
        HttpApi api = new HttpApi(system, services, settings.corsAllowOrigins());

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
        ApiServer started = new ApiServer(server, monitor, host, tracing, knowledge, lifecycle);
        knowledge.listeningAt(started.baseUrl()); // links of cited documents point here unless ADA_URL says otherwise
        return started;
    }

    private static WsRouting.Builder wsRouting(HttpApi api) {
        WsRouting.Builder ws = WsRouting.builder();
        api.websocket(ws);
        return ws;
    }

    /** Fails fast, before anything starts, when the port is taken. */
    static void checkListenAddress(Configuration.Server settings, Mode mode) {
        ensurePortFree(settings.host(mode), settings.port());
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
        lifecycle.close(); // the queue worker first, then the engine, the reaper, ... (reverse order of start)
    }
}
