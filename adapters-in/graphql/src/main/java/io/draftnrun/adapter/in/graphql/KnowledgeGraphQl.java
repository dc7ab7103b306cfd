package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.adapter.in.graphql.KnowledgeViews.ChunkView;
import io.draftnrun.adapter.in.graphql.KnowledgeViews.DocumentView;
import io.draftnrun.adapter.in.graphql.KnowledgeViews.IngestionTaskView;
import io.draftnrun.adapter.in.graphql.KnowledgeViews.SourceView;
import io.draftnrun.application.knowledge.ChunkPage;
import io.draftnrun.application.knowledge.CreateSource;
import io.draftnrun.application.knowledge.DeleteSource;
import io.draftnrun.application.knowledge.DocumentPage;
import io.draftnrun.application.knowledge.IngestSource;
import io.draftnrun.application.knowledge.IngestionTaskPage;
import io.draftnrun.application.knowledge.KnowledgeQueries;
import io.draftnrun.application.knowledge.UpdateSourceChunking;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;

/** The knowledge slice: sources, uploads, ingestion tasks and their live updates. */
public final class KnowledgeGraphQl implements GraphQlSlice {
    /** A document id: a file's UUID, or {@code row-} and a UUID for a row of a DATABASE source. */
    private static final java.util.regex.Pattern DOCUMENT_ID = java.util.regex.Pattern.compile(
            "(row-)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final UseCases useCases;

    public record UseCases(
            KnowledgeQueries queries,
            CreateSource createSource,
            DeleteSource deleteSource,
            UploadFiles uploadFiles,
            IngestSource ingestSource,
            UpdateSourceChunking updateSourceChunking) {}

    public KnowledgeGraphQl(UseCases useCases) {
        this.useCases = useCases;
    }

    @Override
    public List<String> schemaResources() {
        return List.of("graphql/knowledge.graphqls");
    }

    @Override
    public Map<String, Class<? extends Record>> views() {
        return KnowledgeViews.TYPES;
    }

    @Override
    public void register(RuntimeWiring.Builder wiring) {
        wiring.scalar(UploadScalar.UPLOAD);
        wiring.type(
                "Query",
                b -> b.dataFetcher(
                                "sources",
                                env -> useCases
                                        .queries()
                                        .sources(Fetchers.actor(env), Fetchers.organization(env, "organizationId"))
                                        .stream()
                                        .map(SourceView::of)
                                        .toList())
                        .dataFetcher("ingestionTasks", env -> {
                            IngestionTaskPage page = useCases.queries()
                                    .ingestionTasks(
                                            Fetchers.actor(env),
                                            Fetchers.organization(env, "organizationId"),
                                            Fetchers.first(env),
                                            Fetchers.after(env));
                            return Fetchers.Connection.of(
                                    page.entries(),
                                    e -> new Fetchers.Edge<>(e.cursor(), IngestionTaskView.of(e.task())),
                                    page.hasNextPage());
                        })
                        .dataFetcher("documents", env -> {
                            DocumentPage page = useCases.queries()
                                    .documents(
                                            Fetchers.actor(env),
                                            new SourceId(Fetchers.uuid(env, "sourceId")),
                                            Fetchers.first(env),
                                            Fetchers.after(env));
                            SourceId source = new SourceId(Fetchers.uuid(env, "sourceId"));
                            return Fetchers.Connection.of(
                                    page.entries(),
                                    e -> new Fetchers.Edge<>(e.cursor(), DocumentView.of(source, e.document())),
                                    page.hasNextPage());
                        })
                        .dataFetcher("chunks", env -> {
                            String documentId = env.getArgument("documentId");
                            if (documentId == null
                                    || documentId.length() > 40
                                    || !DOCUMENT_ID.matcher(documentId).matches()) {
                                throw DomainException.validation(
                                        "documentId is not a document id (a UUID, or row- and a UUID)");
                            }
                            ChunkPage page = useCases.queries()
                                    .chunks(Fetchers.actor(env), documentId, Fetchers.first(env), Fetchers.after(env));
                            return Fetchers.Connection.of(
                                    page.entries(),
                                    e -> new Fetchers.Edge<>(e.cursor(), ChunkView.of(e.chunk())),
                                    page.hasNextPage());
                        })
                        .dataFetcher(
                                "ingestionTask",
                                env -> IngestionTaskView.of(useCases.queries()
                                        .ingestionTask(
                                                Fetchers.actor(env), new IngestionTaskId(Fetchers.uuid(env, "id"))))));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher("createSource", env -> SourceView.of(createSource(env)))
                        .dataFetcher(
                                "updateSourceChunking",
                                env -> SourceView.of(useCases.updateSourceChunking()
                                        .handle(
                                                Fetchers.actor(env),
                                                new UpdateSourceChunking.Command(
                                                        new SourceId(Fetchers.uuid(env, "sourceId")),
                                                        env.<Integer>getArgument("chunkSize"),
                                                        env.<Integer>getArgument("chunkOverlap")))))
                        .dataFetcher("deleteSource", env -> {
                            useCases.deleteSource().handle(Fetchers.actor(env), new SourceId(Fetchers.uuid(env, "id")));
                            return true;
                        })
                        .dataFetcher("uploadFiles", env -> {
                            List<UploadFiles.FileUpload> files = env.getArgument("files");
                            return IngestionTaskView.of(useCases.uploadFiles()
                                    .handle(
                                            Fetchers.actor(env),
                                            new UploadFiles.Command(
                                                    new SourceId(Fetchers.uuid(env, "sourceId")), files)));
                        })
                        .dataFetcher(
                                "ingestSource",
                                env -> IngestionTaskView.of(useCases.ingestSource()
                                        .handle(Fetchers.actor(env), new SourceId(Fetchers.uuid(env, "sourceId"))))));
        wiring.type("Subscription", b -> b.dataFetcher("ingestionTaskUpdates", this::updates));
    }

    private Source createSource(DataFetchingEnvironment env) {
        Map<String, Object> input = env.getArgument("input");
        Optional<DatabaseSourceSettings> database = Optional.ofNullable(Fetchers.input(input.get("database")))
                .map(db -> {
                    try {
                        return new DatabaseSourceSettings(
                                (String) db.get("urlSecretKey"),
                                (String) db.get("table"),
                                (String) db.get("idColumn"),
                                strings(db.get("textColumns")),
                                strings(db.get("metadataColumns")),
                                Optional.ofNullable((String) db.get("timestampColumn")),
                                Boolean.TRUE.equals(db.get("syncEnabled")));
                    } catch (IllegalArgumentException e) {
                        throw DomainException.validation(e.getMessage());
                    }
                });
        return useCases.createSource()
                .handle(
                        Fetchers.actor(env),
                        new CreateSource.Command(
                                new OrganizationId(Ids.uuid(input.get("organizationId"), "input.organizationId")),
                                (String) input.get("name"),
                                SourceType.valueOf(String.valueOf(input.get("type"))),
                                Optional.ofNullable((String) input.get("embeddingModel")),
                                database,
                                CreateSource.chunking(
                                        (Integer) input.get("chunkSize"), (Integer) input.get("chunkOverlap"))));
    }

    private org.reactivestreams.Publisher<Object> updates(DataFetchingEnvironment env) {
        SubmissionPublisher<Object> publisher = new SubmissionPublisher<>();
        IngestionUpdates.Subscription watch = useCases.queries()
                .watch(Fetchers.actor(env), Fetchers.organization(env, "organizationId"), task -> {
                    if (!publisher.isClosed()) {
                        publisher.offer(IngestionTaskView.of(task), (subscriber, item) -> false);
                    }
                });
        return org.reactivestreams.FlowAdapters.toPublisher((Flow.Publisher<Object>) subscriber ->
                publisher.subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscriber.onSubscribe(new Flow.Subscription() {
                            @Override
                            public void request(long n) {
                                subscription.request(n);
                            }

                            @Override
                            public void cancel() {
                                subscription.cancel();
                                watch.close();
                                publisher.close();
                            }
                        });
                    }

                    @Override
                    public void onNext(Object item) {
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        watch.close();
                        subscriber.onError(throwable);
                    }

                    @Override
                    public void onComplete() {
                        watch.close();
                        subscriber.onComplete();
                    }
                }));
    }

    private static OrganizationId org(DataFetchingEnvironment env, String argument) {
        return new OrganizationId(Fetchers.uuid(env, argument));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
