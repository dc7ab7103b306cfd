package io.draftnrun.bootstrap;

import io.draftnrun.adapter.out.http.CohereRerankClient;
import io.draftnrun.adapter.out.http.GuardedMcpClient;
import io.draftnrun.adapter.out.http.GuardedOutboundHttp;
import io.draftnrun.adapter.out.jdbc.JdbcExternalSqlGateway;
import io.draftnrun.adapter.out.llm.LangChain4jChatModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jEmbeddingModelProvider;
import io.draftnrun.adapter.out.llm.LangChain4jWebSearchProvider;
import io.draftnrun.application.components.BuiltInComponents;
import io.draftnrun.application.components.rag.Retriever;
import io.draftnrun.application.components.rag.SourceIndex;
import io.draftnrun.application.knowledge.SourceIndexDirectory;
import io.draftnrun.application.knowledge.port.DocumentLinks;
import io.draftnrun.application.llm.LlmCredentialResolver;
import io.draftnrun.application.llm.port.ModelCatalog;
import io.draftnrun.application.llm.port.OrganizationSecretLookup;
import io.draftnrun.application.runtime.ComponentRegistry;
import io.draftnrun.application.runtime.LlmCalls;
import io.draftnrun.application.trace.UsageLimiter;
import io.draftnrun.domain.llm.ModelReference;
import java.util.Optional;

/**
 * Wires the built-in components with the services each takes in its constructor, once at start-up (a missing one
 * fails here, not in a run): model calls with credentials resolved from organization secrets and server keys, API
 * Call and MCP through the SSRF guard ({@code API_CALL_ALLOWED_HOSTS}), SQL through the guards of ADR 0008
 * ({@code SQL_ALLOWED_HOSTS}, {@code SQL_MAX_CELL_BYTES}, {@code SQL_MAX_RESULT_BYTES}), web search, retrieval on the
 * process's one vector store, Cohere reranking ({@code COHERE_API_KEY}). Calls through the platform's own model keys
 * are refused once the organization has used {@code PLATFORM_TOKEN_LIMIT} tokens (the process's usage limiter).
 */
final class ComponentWiring {
    private ComponentWiring() {}

    static ComponentRegistry registry(
            Configuration configuration,
            Infrastructure infrastructure,
            Lifecycle lifecycle,
            ModelCatalog catalog,
            OrganizationSecretLookup secrets,
            SourceIndexDirectory sourceIndexes,
            DocumentLinks documentLinks,
            UsageLimiter usageLimiter) {
        LlmCredentialResolver credentials =
                new LlmCredentialResolver(secrets, catalog, configuration.models()::variable);
        GuardedOutboundHttp outbound = new GuardedOutboundHttp(GuardedOutboundHttp.Options.fromAllowList(
                configuration.runs().apiCallAllowedHosts().orElse(null)));
        lifecycle.onClose(outbound);
        JdbcExternalSqlGateway sql = new JdbcExternalSqlGateway(configuration
                .sql()
                .options(JdbcExternalSqlGateway.Options.defaults(), infrastructure.platformDatabaseUrls()));
        lifecycle.onClose(sql);
        LlmCalls llm = new LlmCalls(new LangChain4jChatModelProvider(catalog), credentials, Optional.of(usageLimiter));
        Retriever.Ports retrieval = new Retriever.Ports(
                (organization, sourceId) -> sourceIndexes
                        .find(organization, sourceId)
                        .map(e -> new SourceIndex(
                                e.collection(),
                                ModelReference.parse(e.embeddingModelReference()),
                                e.dimensions(),
                                SourceIndex.PayloadFields.INGESTED)),
                new LangChain4jEmbeddingModelProvider(catalog),
                credentials,
                infrastructure.vectorStore(),
                documentLinks);
        return BuiltInComponents.registry(new BuiltInComponents.Services(
                llm,
                catalog,
                retrieval,
                new CohereRerankClient(outbound, configuration.runs().cohereApiKey(), null),
                sql,
                outbound,
                new GuardedMcpClient(outbound),
                new LangChain4jWebSearchProvider()));
    }
}
