package io.draftnrun.application.project;

import io.draftnrun.application.components.agent.AiAgent;
import io.draftnrun.application.components.io.InputComponent;
import io.draftnrun.application.components.llm.LlmCall;
import io.draftnrun.application.components.tools.WebSearchTool;
import io.draftnrun.application.project.port.OrganizationDirectory;
import io.draftnrun.application.project.port.ProjectRepository;
import io.draftnrun.domain.graph.Edge;
import io.draftnrun.domain.graph.EdgeId;
import io.draftnrun.domain.graph.GraphVersion;
import io.draftnrun.domain.graph.GraphVersionId;
import io.draftnrun.domain.graph.Node;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.graph.ParameterValue;
import io.draftnrun.domain.graph.Relationship;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.project.Project;
import io.draftnrun.domain.project.ProjectId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starter templates, so that {@code templates} is not empty on a fresh install: when the template organization does
 * not exist yet, it is created ("Templates") with deployed projects any user may copy: "Answer with a model" (Input,
 * then an LLM Call) and "Agent with web search" (Input, then an AI Agent whose tool is Internet Search). Written once:
 * a template an operator deletes does not come back, and an organization the operator names (and so created) is left
 * as it is.
 */
public final class SeedTemplates {
    public static final ProjectId ANSWER = ProjectId.of("7e3a1a7e-0000-4000-8000-000000000001");
    public static final ProjectId SEARCH_AGENT = ProjectId.of("7e3a1a7e-0000-4000-8000-000000000002");

    private final OrganizationDirectory organizations;
    private final ProjectRepository projects;
    private final Clock clock;

    public SeedTemplates(OrganizationDirectory organizations, ProjectRepository projects, Clock clock) {
        this.organizations = organizations;
        this.projects = projects;
        this.clock = clock;
    }

    /** Returns true when the templates were created. */
    public boolean run(OrganizationId templateOrganization) {
        if (organizations.exists(templateOrganization)) {
            return false;
        }
        organizations.ensureExists(templateOrganization, "Templates");
        deployed(
                templateOrganization,
                ANSWER,
                "Answer with a model",
                "An LLM Call answers the last message with a prompt template; edit the prompt and the model.",
                answerGraph());
        deployed(
                templateOrganization,
                SEARCH_AGENT,
                "Agent with web search",
                "An AI Agent that searches the internet when a question needs fresh facts (needs an OpenAI key).",
                searchAgentGraph());
        return true;
    }

    private void deployed(
            OrganizationId organization, ProjectId id, String name, String description, GraphVersion graph) {
        if (projects.find(id).isPresent()) {
            return;
        }
        Instant now = clock.instant();
        projects.create(new Project(id, organization, name, description, now, now), graph);
        projects.deploy(
                id, graph.id(), graph.revision(), graph.copyWithNewIds(GraphVersionId.random(), UUID::randomUUID));
    }

    static GraphVersion answerGraph() {
        Node input = input();
        Node answer = node(
                LlmCall.ID,
                LlmCall.NAME,
                "Answer",
                false,
                Map.of(LlmCall.PROMPT_TEMPLATE, ParameterValue.literal("Answer this question: {{input}}")));
        return new GraphVersion(
                GraphVersionId.random(),
                1,
                List.of(input, answer),
                List.of(),
                List.of(new Edge(EdgeId.random(), input.id(), answer.id(), 0)));
    }

    static GraphVersion searchAgentGraph() {
        Node input = input();
        Node agent = node(
                AiAgent.ID,
                AiAgent.NAME,
                "Research agent",
                false,
                Map.of(
                        AiAgent.INITIAL_PROMPT,
                        ParameterValue.literal("You answer questions. Search the internet when the answer needs"
                                + " recent or specific facts, and say where they come from.")));
        Node search = node(WebSearchTool.ID, WebSearchTool.NAME, "Internet search", false, Map.of());
        return new GraphVersion(
                GraphVersionId.random(),
                1,
                List.of(input, agent, search),
                List.of(new Relationship(agent.id(), search.id(), AiAgent.AGENT_TOOLS, Optional.of(0))),
                List.of(new Edge(EdgeId.random(), input.id(), agent.id(), 0)));
    }

    private static Node input() {
        return node(
                InputComponent.ID,
                InputComponent.NAME,
                InputComponent.NAME,
                true,
                Map.of(InputComponent.PAYLOAD_SCHEMA, ParameterValue.literal(InputComponent.DEFAULT_PAYLOAD_SCHEMA)));
    }

    private static Node node(
            io.draftnrun.domain.component.ComponentId component,
            String componentName,
            String name,
            boolean start,
            Map<String, ParameterValue> parameters) {
        return new Node(NodeId.random(), component, componentName, name, "", start, parameters, Optional.empty());
    }
}
