package io.draftnrun.adapter.in.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.draftnrun.application.knowledge.ChunkPage;
import io.draftnrun.application.knowledge.CreateSource;
import io.draftnrun.application.knowledge.DeleteSource;
import io.draftnrun.application.knowledge.DocumentPage;
import io.draftnrun.application.knowledge.IngestSource;
import io.draftnrun.application.knowledge.IngestionTaskPage;
import io.draftnrun.application.knowledge.KnowledgeQueries;
import io.draftnrun.application.knowledge.StoredChunk;
import io.draftnrun.application.knowledge.UpdateSourceChunking;
import io.draftnrun.application.knowledge.UploadFiles;
import io.draftnrun.application.knowledge.port.IngestionUpdates;
import io.draftnrun.domain.knowledge.DatabaseSourceSettings;
import io.draftnrun.domain.knowledge.FileResult;
import io.draftnrun.domain.knowledge.IngestionTask;
import io.draftnrun.domain.knowledge.IngestionTaskId;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.knowledge.SourceType;
import io.draftnrun.domain.knowledge.TaskFile;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.shared.DomainException;
import java.util.LinkedHashMap;
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
                                        .map(KnowledgeGraphQl::source)
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
                                    e -> new Fetchers.Edge<>(e.cursor(), task(e.task())),
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
                                    e -> new Fetchers.Edge<>(e.cursor(), document(source, e.document())),
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
                                    e -> new Fetchers.Edge<>(e.cursor(), chunk(e.chunk())),
                                    page.hasNextPage());
                        })
                        .dataFetcher(
                                "ingestionTask",
                                env -> task(useCases.queries()
                                        .ingestionTask(
                                                Fetchers.actor(env), new IngestionTaskId(Fetchers.uuid(env, "id"))))));
        wiring.type(
                "Mutation",
                b -> b.dataFetcher("createSource", env -> source(createSource(env)))
                        .dataFetcher(
                                "updateSourceChunking",
                                env -> source(useCases.updateSourceChunking()
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
                            return task(useCases.uploadFiles()
                                    .handle(
                                            Fetchers.actor(env),
                                            new UploadFiles.Command(
                                                    new SourceId(Fetchers.uuid(env, "sourceId")), files)));
                        })
                        .dataFetcher(
                                "ingestSource",
                                env -> task(useCases.ingestSource()
                                        .handle(Fetchers.actor(env), new SourceId(Fetchers.uuid(env, "sourceId"))))));
        wiring.type("Subscription", b -> b.dataFetcher("ingestionTaskUpdates", this::updates));
    }

    private Source createSource(DataFetchingEnvironment env) {
        Map<String, Object> input = env.getArgument("input");
        Optional<DatabaseSourceSettings> database = Optional.ofNullable(map(input.get("database")))
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
                        publisher.offer(task(task), (subscriber, item) -> false);
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
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    static Map<String, Object> source(Source s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id().toString());
        view.put("organizationId", s.organizationId().toString());
        view.put("name", s.name());
        view.put("type", s.type().name());
        view.put("embeddingModel", s.embeddingModel().toString());
        view.put("dimensions", s.dimensions());
        view.put("chunkSize", s.chunking().chunkSize());
        view.put("chunkOverlap", s.chunking().chunkOverlap());
        view.put("collection", s.collection());
        view.put(
                "database",
                s.database()
                        .map(db -> {
                            Map<String, Object> d = new LinkedHashMap<>();
                            d.put("urlSecretKey", db.urlSecretKey());
                            d.put("table", db.table());
                            d.put("idColumn", db.idColumn());
                            d.put("textColumns", db.textColumns());
                            d.put("metadataColumns", db.metadataColumns());
                            d.put("timestampColumn", db.timestampColumn().orElse(null));
                            d.put("syncEnabled", db.syncEnabled());
                            return d;
                        })
                        .orElse(null));
        view.put("createdAt", Fetchers.time(s.createdAt()));
        view.put("updatedAt", Fetchers.time(s.updatedAt()));
        return view;
    }

    static Map<String, Object> task(IngestionTask t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id().toString());
        view.put("organizationId", t.organizationId().toString());
        view.put("sourceId", t.sourceId().toString());
        view.put("sourceName", t.sourceName());
        view.put("status", t.status().name());
        view.put("filesTotal", t.filesTotal());
        view.put("filesDone", t.filesDone());
        view.put("chunksTotal", t.chunksTotal());
        view.put("chunksDone", t.chunksDone());
        view.put("error", t.error().orElse(null));
        view.put("files", t.files().stream().map(KnowledgeGraphQl::file).toList());
        view.put("results", t.results().stream().map(KnowledgeGraphQl::result).toList());
        view.put(
                "rows",
                t.rows()
                        .map(c -> Map.<String, Object>of(
                                "inserted", c.inserted(),
                                "updated", c.updated(),
                                "deleted", c.deleted(),
                                "unchanged", c.unchanged()))
                        .orElse(null));
        view.put("createdAt", Fetchers.time(t.createdAt()));
        view.put("updatedAt", Fetchers.time(t.updatedAt()));
        return view;
    }

    private static Map<String, Object> document(SourceId source, DocumentPage.Document d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("sourceId", source.toString());
        view.put("name", d.name());
        view.put("chunkCount", d.chunkCount());
        view.put("updatedAt", Fetchers.time(d.updatedAt()));
        return view;
    }

    private static Map<String, Object> chunk(StoredChunk c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.chunkId());
        view.put("documentId", c.fileId());
        view.put("index", c.index());
        view.put("documentName", c.documentName());
        view.put("content", c.content());
        view.put("pageNumbers", c.pageNumbers());
        view.put("metadata", c.metadata());
        return view;
    }

    private static Map<String, Object> file(TaskFile f) {
        return Map.of("id", f.fileId(), "name", f.name(), "contentType", f.contentType(), "size", f.size());
    }

    private static Map<String, Object> result(FileResult r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fileId", r.fileId());
        view.put("name", r.name());
        view.put("outcome", r.outcome().name());
        view.put("chunks", r.chunks());
        view.put("error", r.error().orElse(null));
        return view;
    }
}
