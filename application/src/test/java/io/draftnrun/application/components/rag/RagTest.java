package io.draftnrun.application.components.rag;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.agent.AiAgent;
import io.draftnrun.application.components.rag.port.KnowledgeSources;
import io.draftnrun.application.components.rag.port.Reranker;
import io.draftnrun.application.knowledge.CollectionSpec;
import io.draftnrun.application.knowledge.InMemoryVectorStore;
import io.draftnrun.application.knowledge.VectorPoint;
import io.draftnrun.application.llm.FakeEmbeddingModelProvider;
import io.draftnrun.application.llm.InMemoryModelCatalog;
import io.draftnrun.application.llm.ProviderCredentials;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.llm.ScriptedChatModelProvider.Reply;
import io.draftnrun.application.runtime.ComponentBehaviour;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.llm.ModelReference;
import io.draftnrun.domain.llm.ToolCall;
import io.draftnrun.domain.run.Payload;
import io.draftnrun.domain.trace.SpanKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RagTest {
    private static final UUID SOURCE = UUID.randomUUID();
    private static final ModelReference EMBEDDER = ModelReference.parse("openai:text-embedding-3-small");

    private final ScriptedChatModelProvider chat = new ScriptedChatModelProvider();
    private final InMemoryVectorStore store = new InMemoryVectorStore();
    private final FakeEmbeddingModelProvider embeddings = new FakeEmbeddingModelProvider(64);
    private final List<String> reranked = new ArrayList<>();
    private final KnowledgeSources sources =
            (org, id) -> id.equals(SOURCE) ? Optional.of(new SourceIndex("kb", EMBEDDER, 64, null)) : Optional.empty();
    private final Reranker reranker = (model, query, documents, topN) -> {
        reranked.add(model + ":" + topN + ":" + documents.size());
        return List.of(new Reranker.Ranked(1, 0.9), new Reranker.Ranked(0, 0.2));
    };
    private final TestRunContexts runs = new TestRunContexts(chat);
    private final Retriever.Ports ports = new Retriever.Ports(
            sources, embeddings, TestRunContexts.credentials(), store, (key, name) -> Optional.empty());

    @BeforeEach
    void ingest() {
        store.ensureCollection(new CollectionSpec("kb", 64, List.of("team")));
        List<VectorPoint> points = new ArrayList<>();
        String[][] docs = {
            {"c1", "capitals.md", "Paris is the capital of France", "a", "2024-03-01"},
            {"c2", "rivers.md", "The Seine flows through Paris France", "b", "2019-05-01"},
            {"c3", "food.md", "Croissants are a French pastry", "a", "2024-01-01"}
        };
        for (String[] d : docs) {
            float[] vector = embeddings
                    .embed(EMBEDDER, ProviderCredentials.none(), List.of(d[2]))
                    .getFirst();
            points.add(new VectorPoint(
                    d[0],
                    vector,
                    Map.of(
                            "content", d[2],
                            "file_id", d[1],
                            "url", "https://docs.example/" + d[1],
                            "team", d[3],
                            "metadata", "{\"date\": \"" + d[4] + "\", \"author\": \"team " + d[3] + "\"}")));
        }
        store.upsert("kb", points);
    }

    private static RunnableComponent build(ComponentBehaviour behaviour, Map<String, Object> parameters) {
        return build(behaviour, parameters, Map.of());
    }

    private static RunnableComponent build(
            ComponentBehaviour behaviour,
            Map<String, Object> parameters,
            Map<String, List<RunnableComponent>> children) {
        return behaviour.create(new ComponentSpec(
                NodeId.random(),
                behaviour.name(),
                ResolvedParameters.of(parameters),
                children,
                behaviour.definition().defaultToolDescription().orElse(ToolDescription.empty(behaviour.name()))));
    }

    private FunctionCallable rag(Map<String, Object> synthesizer, Map<String, List<RunnableComponent>> extra) {
        Map<String, List<RunnableComponent>> children = new HashMap<>(extra);
        children.put(
                "retriever",
                List.of(build(
                        new Retriever(ports),
                        Map.of("data_source", Map.of("id", SOURCE.toString()), "max_retrieved_chunks", 2))));
        children.put("synthesizer", List.of(build(new Synthesizer(runs.llm, new InMemoryModelCatalog()), synthesizer)));
        return (FunctionCallable) build(new Rag(), Map.of(), children);
    }

    private static Payload ask(String question) {
        return Payload.fromMap(Map.of("messages", List.of(Map.of("role", "user", "content", question))));
    }

    @Test
    void answersWithRenumberedCitationsAndTheCitedSourcesInArtifacts() {
        chat.enqueueText("{\"response\": \"Paris is on the Seine [2].\", \"is_successful\": true}");

        Payload out =
                rag(Map.of(), Map.of()).run(List.of(ask("Which river flows through Paris France?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("Paris is on the Seine [1].");
        assertThat(out.isFinal()).isTrue();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cited =
                (List<Map<String, Object>>) out.artifacts().get("sources");
        assertThat(cited).hasSize(1);
        String prompt = chat.lastRequest().messages().getFirst().text();
        assertThat(prompt)
                .contains("**Source 1:**\n", "**Source 2:**\n", "Metadata:\ndate: ", "\nauthor: team ")
                .doesNotContain("similarity_score")
                .endsWith("Query: Which river flows through Paris France?\nAnswer:");
        assertThat(chat.lastRequest().responseSchema()).isPresent();
        String second = prompt.substring(
                prompt.indexOf("**Source 2:**") + 14, prompt.indexOf("\n", prompt.indexOf("**Source 2:**") + 14));
        assertThat(cited.getFirst().get("content")).isEqualTo(second);
        assertThat(runs.spans.spans()).anyMatch(s -> s.kind() == SpanKind.RETRIEVER);
    }

    @Test
    void filtersRestrictTheSearchAsATool() {
        chat.enqueueText("{\"response\": \"Croissants [1].\", \"is_successful\": true}");

        Payload out = rag(Map.of(), Map.of())
                .callAsTool(
                        Map.of("query_text", "French pastry", "filters", Map.of("team", List.of("a"))),
                        Payload.empty(),
                        runs.context());

        String prompt = chat.lastRequest().messages().getFirst().text();
        assertThat(prompt)
                .contains("Croissants are a French pastry", "Paris is the capital of France")
                .doesNotContain("Seine");
        assertThat(out.lastMessageText()).isEqualTo("Croissants [1].");
    }

    @Test
    void anAiAgentUsesTheRagAsATool() {
        FunctionCallable rag = rag(Map.of(), Map.of());
        RunnableComponent agent = new AiAgent(runs.llm)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Helper",
                        ResolvedParameters.of(Map.of()),
                        Map.of("agent_tools", List.of(rag)),
                        ToolDescription.empty("Helper")));
        chat.enqueue(Reply.toolCalls(new ToolCall("c1", "notion_RAG", "{\"query_text\":\"capital of France\"}")));
        chat.enqueueText("{\"response\": \"Paris [1].\", \"is_successful\": true}");
        chat.enqueueText("The capital is Paris.");

        Payload out = agent.run(List.of(ask("What is the capital of France?")), runs.context());

        assertThat(out.lastMessageText()).isEqualTo("The capital is Paris.");
        Map<?, ?> properties = (Map<?, ?>) chat.requests()
                .getFirst()
                .tools()
                .getFirst()
                .parametersJsonSchema()
                .get("properties");
        assertThat(properties.keySet().stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrder("query_text", "filters");
        assertThat(out.artifacts().get("sources")).asList().hasSize(1);
    }

    @Test
    void theRerankerReordersAndDropsChunksUnderTheThreshold() {
        chat.enqueueText("{\"response\": \"[1]\", \"is_successful\": true}");
        RunnableComponent cohere =
                build(new CohereReranker(reranker), Map.of("score_threshold", 0.5, "num_doc_reranked", 3));

        rag(Map.of(), Map.of("reranker", List.of(cohere))).run(List.of(ask("Paris France")), runs.context());

        assertThat(reranked).containsExactly("rerank-multilingual-v3.0:3:2");
        String prompt = chat.lastRequest().messages().getFirst().text();
        assertThat(prompt)
                .contains("**Source 1:**")
                .doesNotContain("**Source 2:**")
                .doesNotContain("reranked_score");
    }

    @Test
    void vocabularyDefinitionsFillTheirPromptKeyAndPlainProvidersAreNotFinal() {
        chat.enqueueText("Croissant means pastry [1].");
        RunnableComponent vocabulary = build(
                new VocabularySearch(),
                Map.of(
                        "vocabulary_context_data",
                        "{\"term\": [\"Croissant\", \"Baguette\"], \"definition\": [\"A pastry\", \"A bread\"]}"));
        FunctionCallable rag = rag(
                Map.of(
                        "completion_model",
                        "anthropic:claude-haiku-4-5",
                        "prompt_template",
                        "{{context_str}}\n---\n{{retrieved_definitions}}\nQ: {{query_str}}"),
                Map.of("vocabulary_search", List.of(vocabulary)));

        Payload out = rag.callAsTool(
                Map.of("query_text", "what is a croissant?", "filters", Map.of("team", "a")),
                Payload.empty(),
                runs.context());

        String prompt = chat.lastRequest().messages().getFirst().text();
        assertThat(prompt.substring(prompt.indexOf("---")))
                .isEqualTo("---\n**Glossary definition of Croissant:**\nA pastry\nQ: what is a croissant?");
        assertThat(chat.lastRequest().responseSchema()).isEmpty();
        assertThat(out.isFinal()).isFalse();
    }

    @Test
    void theDatePenaltyDemotesOldChunks() {
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
        Retriever.Instance retriever = (Retriever.Instance) new Retriever(ports, clock)
                .create(new ComponentSpec(
                        NodeId.random(),
                        "Retriever",
                        ResolvedParameters.of(Map.of(
                                "data_source",
                                SOURCE.toString(),
                                "enable_date_penalty_for_chunks",
                                true,
                                "chunk_age_penalty_rate",
                                0.1,
                                "max_retrieved_chunks",
                                3,
                                "max_retrieved_chunks_after_penalty",
                                2)),
                        Map.of(),
                        ToolDescription.empty("r")));
        SourceChunk old = SourceChunk.of("old", "d", "", "x", Map.of("date", "2020-01-01", "similarity_score", 0.9));
        SourceChunk recent = SourceChunk.of("new", "d", "", "x", Map.of("date", "2024-07-01", "similarity_score", 0.7));
        SourceChunk undated = SourceChunk.of("undated", "d", "", "x", Map.of("similarity_score", 0.5));

        List<SourceChunk> ranked = retriever.penalise(List.of(old, recent, undated));

        // old: 5 years -> min(0.5, 0.5); recent: 0.5 year -> 0.05; undated: default 0.1
        assertThat(ranked).extracting(SourceChunk::name).containsExactly("new", "old");
        assertThat((double) ranked.get(0).metadata().get("penalty_score"))
                .isCloseTo(0.7 - 0.1 * 184 / 365.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat((double) ranked.get(1).metadata().get("penalty_score"))
                .isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    }
}
