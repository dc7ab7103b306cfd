package io.draftnrun.adapter.out.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.components.sql.RunSqlQueryTool;
import io.draftnrun.application.components.sql.SqlDbService;
import io.draftnrun.application.components.sql.port.ExternalSqlGateway;
import io.draftnrun.application.llm.ScriptedChatModelProvider;
import io.draftnrun.application.runtime.ComponentSpec;
import io.draftnrun.application.runtime.FunctionCallable;
import io.draftnrun.application.runtime.ResolvedParameters;
import io.draftnrun.application.runtime.RunnableComponent;
import io.draftnrun.application.runtime.TestRunContexts;
import io.draftnrun.domain.component.ToolDescription;
import io.draftnrun.domain.graph.NodeId;
import io.draftnrun.domain.run.Payload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The attack corpus of {@code sql-attack-corpus.txt} and how to run it: every entry goes through the Run SQL Query
 * Tool component, as a model's tool call would, on a SQL DB Service over the gateway under test; after each attack the
 * target is read again through a fresh connection ({@code state}) and must be unchanged, the file the attacks aim at
 * must not show in the output, and the path they try to write must not exist.
 */
final class SqlAttackCorpus {
    enum Kind {
        ATTACK,
        LIMIT,
        READ
    }

    record Entry(Kind kind, Set<String> targets, String sql, int line) {
        @Override
        public String toString() {
            return "line " + line + ": " + sql;
        }
    }

    static final List<Entry> ENTRIES = load();

    private SqlAttackCorpus() {}

    private static List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(SqlAttackCorpus.class.getResourceAsStream("/sql-attack-corpus.txt")),
                StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                String[] head = line.substring(0, colon).split(" ");
                Kind kind = Kind.valueOf(head[0].toUpperCase(java.util.Locale.ROOT));
                Set<String> targets = Arrays.stream(head[1].split(",")).collect(Collectors.toSet());
                entries.add(new Entry(kind, targets, line.substring(colon + 2), number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }

    /** The entries of {@code kind} for {@code target} ({@code pg}, {@code mysql}, {@code sqlite}). */
    static List<Entry> entries(Kind kind, String target) {
        return ENTRIES.stream()
                .filter(e -> e.kind() == kind
                        && (e.targets().contains(target) || e.targets().contains("all")))
                .toList();
    }

    /** The attacks and runtime limits for {@code target}. */
    static List<Entry> attacks(String target) {
        List<Entry> all = new ArrayList<>(entries(Kind.ATTACK, target));
        all.addAll(entries(Kind.LIMIT, target));
        return all;
    }

    /** Files and values the placeholders stand for. */
    static final class Bindings {
        final Path file;
        final Path out;
        final String secret = "CORPUS-SECRET-" + UUID.randomUUID();
        final Map<String, String> database;

        Bindings(Path directory, Map<String, String> database) throws IOException {
            this.file = directory.resolve("secret.txt");
            Files.writeString(file, secret + "\n");
            file.toFile().setReadable(true, false);
            this.out = directory.resolve("written-by-an-attack.txt");
            this.database = database;
        }

        String bind(String sql) {
            String bound = sql.replace("${FILE}", file.toString())
                    .replace("${OUT}", out.toString())
                    .replace("{NL}", "\n");
            for (Map.Entry<String, String> e : database.entrySet()) {
                bound = bound.replace("${" + e.getKey() + "}", e.getValue());
            }
            return bound;
        }

        /** What an attack's output must never show. */
        List<String> forbiddenInOutput() {
            List<String> forbidden = new ArrayList<>(List.of(secret, "root:x:0:0"));
            try {
                String hostname = Files.readString(Path.of("/etc/hostname")).strip();
                if (hostname.length() >= 6) {
                    forbidden.add(hostname);
                }
            } catch (IOException | RuntimeException e) {
                // no hostname file: nothing to look for
            }
            return forbidden;
        }
    }

    /** The Run SQL Query Tool over one SQL DB Service, as a graph would build it. */
    static final class Tool {
        private final FunctionCallable tool;
        private final TestRunContexts runs;

        Tool(ExternalSqlGateway gateway, String engineUrl, int timeoutSeconds) {
            this.runs = new TestRunContexts(new ScriptedChatModelProvider());
            RunnableComponent database = new SqlDbService(gateway)
                    .create(spec(
                            "Target DB",
                            Map.of("engine_url", engineUrl, "statement_timeout_seconds", timeoutSeconds),
                            Map.of()));
            this.tool = (FunctionCallable)
                    new RunSqlQueryTool().create(spec("Run SQL", Map.of(), Map.of("db_service", List.of(database))));
        }

        private static ComponentSpec spec(
                String name, Map<String, Object> parameters, Map<String, List<RunnableComponent>> children) {
            return new ComponentSpec(
                    NodeId.random(), name, ResolvedParameters.of(parameters), children, ToolDescription.empty(name));
        }

        /** The tool's answer, as the model would read it. */
        String run(String sql) {
            return tool.callAsTool(Map.of("sql_query", sql), Payload.empty(), runs.context())
                    .lastMessageText();
        }
    }

    /**
     * Runs every attack for {@code target} through {@code tool} and returns what went wrong (empty when every attack
     * was refused or failed, showed nothing it must not, and left {@code state} and the file system unchanged).
     */
    static List<String> runAttacks(String target, Tool tool, Bindings bindings, Callable<Object> state)
            throws Exception {
        Object before = state.call();
        List<String> problems = new ArrayList<>();
        for (Entry entry : attacks(target)) {
            String output = tool.run(bindings.bind(entry.sql()));
            if (!output.startsWith("Query refused: ") && !output.startsWith("Query failed: ")) {
                problems.add(entry + " was answered: " + first(output));
            }
            for (String forbidden : bindings.forbiddenInOutput()) {
                if (output.contains(forbidden)) {
                    problems.add(entry + " showed protected content: " + first(output));
                }
            }
            Object after = state.call();
            if (!after.equals(before)) {
                problems.add(entry + " changed the database: " + before + " -> " + after);
                before = after;
            }
            if (Files.exists(bindings.out)) {
                problems.add(entry + " wrote " + bindings.out);
                Files.delete(bindings.out);
            }
        }
        return problems;
    }

    /** Runs every ordinary query for {@code target}; returns those that did not give rows. */
    static List<String> runReads(String target, Tool tool) {
        List<String> problems = new ArrayList<>();
        for (Entry entry : entries(Kind.READ, target)) {
            String output = tool.run(entry.sql());
            if (!output.startsWith("| ")) {
                problems.add(entry + " gave: " + first(output));
            }
        }
        return problems;
    }

    static String first(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    static void assertCorpusSize(String target, int minimumAttacks) {
        assertThat(attacks(target)).as("attacks for " + target).hasSizeGreaterThanOrEqualTo(minimumAttacks);
        assertThat(entries(Kind.READ, target)).as("reads for " + target).hasSizeGreaterThanOrEqualTo(20);
    }
}
