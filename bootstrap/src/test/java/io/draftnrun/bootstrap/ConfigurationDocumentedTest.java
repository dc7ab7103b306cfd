package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.draftnrun.application.llm.BuiltInModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Configuration is documented by construction: every variable the code reads is in {@link Settings#VARIABLES}, and
 * every one of those is in the README's configuration table and in {@code credentials.env.example}. A failure names
 * what to add where.
 */
class ConfigurationDocumentedTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * A read of a variable by name in the main code: a settings getter ({@code get}, {@code string}, {@code integer},
     * {@code bool}, {@code required}, {@code httpUrl}, {@code isConfigured}, {@code supply}), a function handed to an
     * adapter ({@code apply}), or the process environment ({@code getenv}); the name may sit on the next line.
     */
    private static final Pattern READ = Pattern.compile(
            "\\.(?:get|string|integer|bool|required|httpUrl|isConfigured|supply|apply|getenv)\\(\\s*\"([A-Z][A-Z0-9_]{2,})\"");

    /** A variable of a logback configuration: {@code ${NAME:-default}}. */
    private static final Pattern LOGBACK = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    /** Literals read like variables above that are not variables (none so far). */
    private static final Set<String> NOT_VARIABLES = Set.of();

    @Test
    void everyVariableTheCodeReadsIsRegistered() throws IOException {
        List<String> missing = new ArrayList<>();
        Set<String> found = new TreeSet<>();
        for (Path file : mainSources()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = (file.toString().endsWith(".xml") ? LOGBACK : READ).matcher(text);
            while (m.find()) {
                String name = m.group(1);
                found.add(name);
                if (!Settings.VARIABLES.contains(name) && !NOT_VARIABLES.contains(name)) {
                    missing.add(name + " (read in " + ROOT.relativize(file) + ")");
                }
            }
        }
        assertThat(found)
                .as("the scan finds the reads it looks for")
                .contains("PORT", "LOG_LEVEL", "OTEL_SERVICE_NAME");
        assertThat(found.size()).as("names read literally").isGreaterThan(50);
        // names built at run time: the built-in providers' keys and base URLs
        for (String provider :
                List.of(BuiltInModels.OPENAI, BuiltInModels.ANTHROPIC, BuiltInModels.GOOGLE, BuiltInModels.MISTRAL)) {
            BuiltInModels.serverKeyVariable(provider)
                    .filter(v -> !Settings.VARIABLES.contains(v))
                    .ifPresent(v -> missing.add(v + " (a provider's key, BuiltInModels)"));
        }
        for (String provider : List.of(
                BuiltInModels.OPENAI,
                BuiltInModels.ANTHROPIC,
                BuiltInModels.GOOGLE,
                BuiltInModels.MISTRAL,
                BuiltInModels.OLLAMA)) {
            String variable = provider.toUpperCase(Locale.ROOT) + "_BASE_URL";
            if (!Settings.VARIABLES.contains(variable)) {
                missing.add(variable + " (a provider's base URL, LlmCredentialResolver)");
            }
        }
        assertThat(missing)
                .as("variables read but not in Settings.VARIABLES: add each there, to the README's configuration"
                        + " table and to credentials.env.example")
                .isEmpty();
    }

    @Test
    void everyRegisteredVariableIsInTheReadmeTableAndTheExampleFile() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## Configuration");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a ## Configuration section").isNotNegative();
        Set<String> inTable = new TreeSet<>();
        for (String line :
                readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (line.startsWith("|")) {
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(line.split("\\|")[1]);
                while (m.find()) {
                    inTable.add(m.group(1));
                }
            }
        }
        Set<String> inExample = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("credentials.env.example"), StandardCharsets.UTF_8)) {
            Matcher m = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=").matcher(line);
            if (m.find()) {
                inExample.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String variable : Settings.VARIABLES) {
            if (!inTable.contains(variable)) {
                missing.add(variable + ": add a row (or name it in a row's first column, in backticks) to the"
                        + " README's ## Configuration table");
            }
            if (!inExample.contains(variable)) {
                missing.add(variable + ": add a commented line '# " + variable
                        + "=<default>' with a comment above it to credentials.env.example");
            }
        }
        assertThat(missing).isEmpty();
        assertThat(inTable)
                .as("the README documents the issue's variables")
                .contains(
                        "TEMPLATE_ORGANIZATION_ID",
                        "EARLY_ACCESS_ORGANIZATION_IDS",
                        "INTERNAL_ORGANIZATION_IDS",
                        "OPENAI_BASE_URL");
    }

    @Test
    void readingAnUnregisteredVariableFailsWhileTestsRun() {
        Settings settings = new Settings(java.util.Map.of(), java.util.Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.get("NOT_A_REGISTERED_VARIABLE"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("add it there, to the README's configuration table");
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : List.of("domain", "application", "adapters-in", "adapters-out", "bootstrap")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(module))) {
                walk.filter(p -> p.toString().contains("/src/main/"))
                        .filter(p -> p.toString().endsWith(".java")
                                || p.getFileName().toString().startsWith("logback"))
                        .filter(Files::isRegularFile)
                        .forEach(files::add);
            }
        }
        assertThat(files).as("main sources found under " + ROOT).hasSizeGreaterThan(100);
        return files;
    }
}
