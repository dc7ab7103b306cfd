package io.draftnrun.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files match the code: {@code services/docker-compose.yml} (services {@code migrate}, {@code api},
 * {@code worker}) and the Kubernetes base {@code deploy/k8s/base} set only variables the application reads
 * ({@link Settings#VARIABLES}, plus the JVM's own {@code JDK_JAVA_OPTIONS} and {@code MALLOC_ARENA_MAX}), give
 * {@code serve}, {@code worker} and {@code migrate} every variable they need in a cluster, run the commands the jar has,
 * pass the worker the JVM flags of {@code scripts/jvm-worker.flags}, and probe the API on {@code /health}.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final Set<String> JVM = Set.of("JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");
    private static final Set<String> DATABASES = Set.of("ADA_DB_URL", "INGESTION_DB_URL", "TRACES_DB_URL");
    /** What a worker needs beside others: the databases, the queue, the shared stores, the secrets' key. */
    private static final Set<String> WORKER = union(
            DATABASES, Set.of("REDIS_HOST", "QDRANT_CLUSTER_URL", "S3_BUCKET_NAME", "S3_ENDPOINT_URL", "FERNET_KEY"));
    /** What {@code serve} requires (Commands.requireServeSecrets) and what instances must share. */
    private static final Set<String> SERVE = union(WORKER, Set.of("BACKEND_SECRET_KEY"));

    @Test
    void composeGivesTheApplicationOnlyWhatItReadsAndAllItNeeds() throws IOException {
        Map<String, Map<String, String>> services =
                composeEnvironments(Files.readString(ROOT.resolve("services/docker-compose.yml")));

        assertThat(services).containsKeys("migrate", "api", "worker");
        services.forEach(DeploymentFilesTest::readByTheApplication);
        assertThat(services.get("migrate")).containsKeys(DATABASES.toArray(String[]::new));
        assertThat(services.get("api")).containsKeys(SERVE.toArray(String[]::new));
        assertThat(services.get("worker")).containsKeys(WORKER.toArray(String[]::new));
        assertThat(words(services.get("worker").get("JDK_JAVA_OPTIONS"))).containsAll(workerFlags());
    }

    @Test
    void kubernetesBaseGivesTheApplicationOnlyWhatItReadsAndAllItNeeds() throws IOException {
        Map<String, Container> containers = kubernetesContainers(ROOT.resolve("deploy/k8s/base"));

        assertThat(containers).containsKeys("draftnrun-migrate", "draftnrun-api", "draftnrun-worker");
        containers.forEach((name, c) -> readByTheApplication(name, c.env()));
        assertThat(containers.get("draftnrun-migrate").args()).containsExactly("migrate");
        assertThat(containers.get("draftnrun-api").args()).containsExactly("serve");
        assertThat(containers.get("draftnrun-worker").args()).containsExactly("worker");
        assertThat(containers.get("draftnrun-migrate").env()).containsKeys(DATABASES.toArray(String[]::new));
        assertThat(containers.get("draftnrun-api").env()).containsKeys(SERVE.toArray(String[]::new));
        assertThat(containers.get("draftnrun-worker").env()).containsKeys(WORKER.toArray(String[]::new));
        assertThat(words(containers.get("draftnrun-worker").env().get("JDK_JAVA_OPTIONS")))
                .containsAll(workerFlags());

        Map<String, Object> api = containers.get("draftnrun-api").spec();
        assertThat(path(api, "readinessProbe", "httpGet", "path")).isEqualTo("/health");
        assertThat(api).containsKey("livenessProbe");
        assertThat(path(api, "resources", "requests")).isNotNull();
        List<Map<String, Object>> documents = documents(ROOT.resolve("deploy/k8s/base"));
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("HorizontalPodAutoscaler");
            assertThat(path(d, "spec", "scaleTargetRef", "name")).isEqualTo("draftnrun-api");
        });
    }

    @Test
    void aVariableTheApplicationDoesNotReadOrAMissingRequiredOneIsCaught() {
        String compose = """
                services:
                  api:
                    environment:
                      ADA_DB_URL: postgresql://db/ada
                      DATABASE_URL: postgresql://db/ada
                """;
        Map<String, Map<String, String>> services = composeEnvironments(compose);
        assertThatThrownBy(() -> services.forEach(DeploymentFilesTest::readByTheApplication))
                .hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> assertThat(services.get("api")).containsKeys(SERVE.toArray(String[]::new)))
                .hasMessageContaining("BACKEND_SECRET_KEY");
    }

    // --- reading the files

    private static void readByTheApplication(String where, Map<String, String> env) {
        Set<String> unknown = new TreeSet<>(env.keySet());
        unknown.removeAll(Settings.VARIABLES);
        unknown.removeAll(JVM);
        assertThat(unknown)
                .as("variables set for %s that the application does not read (Settings.VARIABLES)", where)
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> composeEnvironments(String yaml) {
        Map<String, Object> compose = new Yaml().load(yaml);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String name : List.of("migrate", "api", "worker")) {
            Object service = services.get(name);
            if (service instanceof Map<?, ?> s) {
                Map<String, String> env = new LinkedHashMap<>();
                Object environment = s.get("environment");
                if (environment instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
                } else if (environment instanceof List<?> l) {
                    l.forEach(e -> {
                        String[] kv = e.toString().split("=", 2);
                        env.put(kv[0], kv.length > 1 ? kv[1] : "");
                    });
                }
                result.put(name, env);
            }
        }
        return result;
    }

    record Container(Map<String, String> env, List<String> args, Map<String, Object> spec) {}

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Path base) throws IOException {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(base.resolve("kustomization.yaml")));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : (List<Object>) kustomization.get("resources")) {
            for (Object document : new Yaml().loadAll(Files.readString(base.resolve(resource.toString())))) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        }
        return documents;
    }

    /** The containers of the Deployments and Jobs, by workload name, with the environment they get. */
    @SuppressWarnings("unchecked")
    private static Map<String, Container> kubernetesContainers(Path base) throws IOException {
        List<Map<String, Object>> documents = documents(base);
        Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        for (Map<String, Object> d : documents) {
            String kind = (String) d.get("kind");
            if (kind.equals("ConfigMap") || kind.equals("Secret")) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String field : List.of("data", "stringData")) {
                    Object data = d.get(field);
                    if (data instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> values.put(k.toString(), v == null ? "" : v.toString()));
                    }
                }
                sources.put(kind + "/" + path(d, "metadata", "name"), values);
            }
        }
        Map<String, Container> containers = new LinkedHashMap<>();
        for (Map<String, Object> d : documents) {
            if (!List.of("Deployment", "Job").contains(d.get("kind"))) {
                continue;
            }
            List<Map<String, Object>> specs =
                    (List<Map<String, Object>>) path(d, "spec", "template", "spec", "containers");
            for (Map<String, Object> spec : specs) {
                Map<String, String> env = new LinkedHashMap<>();
                for (Map<String, Object> from : (List<Map<String, Object>>) spec.getOrDefault("envFrom", List.of())) {
                    String ref = from.containsKey("configMapRef")
                            ? "ConfigMap/" + path(from, "configMapRef", "name")
                            : "Secret/" + path(from, "secretRef", "name");
                    assertThat(sources)
                            .as("envFrom of %s", path(d, "metadata", "name"))
                            .containsKey(ref);
                    env.putAll(sources.get(ref));
                }
                for (Map<String, Object> e : (List<Map<String, Object>>) spec.getOrDefault("env", List.of())) {
                    env.put(
                            e.get("name").toString(),
                            e.get("value") == null ? "" : e.get("value").toString());
                }
                List<String> args = ((List<Object>) spec.getOrDefault("args", List.of()))
                        .stream().map(Object::toString).toList();
                containers.put((String) path(d, "metadata", "name"), new Container(env, args, spec));
            }
        }
        return containers;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = ((Map<String, Object>) m).get(key);
        }
        return current;
    }

    private static List<String> workerFlags() throws IOException {
        return words(Files.readString(ROOT.resolve("scripts/jvm-worker.flags")));
    }

    private static List<String> words(String text) {
        return text == null ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
