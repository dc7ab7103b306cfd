package io.draftnrun.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture rules, parameterised by the root package so that the same rules run on the real code
 * ({@code io.draftnrun}) and on planted violations ({@code io.draftnrun.archfixture}).
 */
final class ArchitectureRules {
    private ArchitectureRules() {}

    /** Third-party packages and the only adapter packages (relative to the root) allowed to use them. */
    static Map<String, List<String>> confinedLibraries() {
        // each library also needs a planted use in archfixture.domain.UsesEveryLibrary
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("org.jooq..", List.of("adapter.out.postgres"));
        rules.put("org.postgresql..", List.of("adapter.out.postgres", "adapter.out.jdbc"));
        rules.put("com.zaxxer..", List.of("adapter.out.postgres", "adapter.out.jdbc"));
        rules.put("graphql..", List.of("adapter.in.graphql"));
        rules.put("org.dataloader..", List.of("adapter.in.graphql"));
        // the server stays in the inbound adapters: the http transport, and graphql's GraphQL-over-HTTP and WebSocket
        // handlers served on it (ADR 0024); the LLM adapter uses Helidon's blocking client (ADR 0011)
        rules.put("io.helidon.webserver..", List.of("adapter.in.http", "adapter.in.graphql", "bootstrap"));
        rules.put("io.helidon..", List.of("adapter.in.http", "adapter.in.graphql", "bootstrap", "adapter.out.llm"));
        rules.put("org.redisson..", List.of("adapter.out.redis"));
        rules.put("org.flywaydb..", List.of("adapter.out.postgres", "bootstrap"));
        rules.put("io.zonky..", List.of("bootstrap"));
        rules.put("redis.embedded..", List.of("bootstrap"));
        rules.put("dev.langchain4j..", List.of("adapter.out.llm"));
        rules.put("io.qdrant..", List.of("adapter.out.qdrant"));
        rules.put("io.grpc..", List.of("adapter.out.qdrant"));
        rules.put("software.amazon.awssdk..", List.of("adapter.out.s3"));
        rules.put("org.apache.lucene..", List.of("adapter.out.lucene"));
        rules.put("com.nimbusds..", List.of("adapter.out.security"));
        rules.put("com.macasaet..", List.of("adapter.out.security"));
        rules.put("org.springframework.security..", List.of("adapter.out.security"));
        rules.put("io.micrometer..", List.of("adapter.out.metrics"));
        rules.put("org.apache.pdfbox..", List.of("adapter.out.documents"));
        rules.put("org.apache.poi..", List.of("adapter.out.documents"));
        rules.put("org.jsoup..", List.of("adapter.out.documents"));
        rules.put("com.knuddels.jtokkit..", List.of("adapter.out.documents"));
        rules.put("net.sf.jsqlparser..", List.of("adapter.out.jdbc"));
        rules.put("org.apache.hc..", List.of("adapter.out.http"));
        rules.put("io.opentelemetry..", List.of("adapter.out.otel"));
        return rules;
    }

    static List<ArchRule> all(String root) {
        List<ArchRule> rules = new ArrayList<>();
        rules.add(domainIsPure(root));
        rules.add(applicationSeesOnlyDomain(root));
        rules.add(layers(root));
        rules.add(adaptersAreIndependent(root));
        rules.add(domainSlicesAreAcyclic(root));
        rules.add(applicationSlicesAreAcyclic(root));
        rules.addAll(libraryConfinement(root));
        rules.add(portsAreInterfaces(root));
        rules.add(threadsInTheApplicationAreListed(root));
        rules.add(componentDefinitionsAreBuilt(root));
        return rules;
    }

    /**
     * The application classes allowed to start threads or make executors (relative to the root). Each is a known
     * background duty that owns and stops what it starts; a new one is a design decision, made here, in review.
     */
    static List<String> applicationThreadOwners() {
        return List.of(
                "application.run.RunEngine", // runs on virtual threads (ADR 0014)
                "application.run.WriteBehindRunRepository", // its sweeper and end writes; stopped on close (ADR 0010)
                "application.run.RunQueueWorker", // consumes the durable run queue (ADR 0014)
                "application.run.RunReaper", // marks runs of dead instances interrupted (ADR 0014)
                "application.runtime.GraphExecution", // one virtual thread per ready node of a run
                "application.runtime.RunContext", // parallel tool calls of one agent step
                "application.trace.AsyncSpanWriter", // the span writer's drain loop (ADR 0007)
                "application.shared.SystemQueries"); // probes the health of every dependency at once
    }

    static ArchRule threadsInTheApplicationAreListed(String root) {
        List<String> owners =
                applicationThreadOwners().stream().map(o -> root + "." + o).toList();
        DescribedPredicate<JavaClass> listed = DescribedPredicate.describe(
                "a listed thread owner",
                c -> owners.stream()
                        .anyMatch(o -> c.getName().equals(o) || c.getName().startsWith(o + "$")));
        DescribedPredicate<JavaAccess<?>> startsThreads =
                DescribedPredicate.describe("starts a thread or makes an executor", access -> {
                    String owner = access.getTargetOwner().getName();
                    String name = access.getName();
                    return switch (owner) {
                        case "java.lang.Thread" ->
                            name.equals("ofVirtual")
                                    || name.equals("ofPlatform")
                                    || name.equals("startVirtualThread")
                                    || name.equals("<init>");
                        case "java.util.concurrent.Executors",
                                "java.util.concurrent.ForkJoinPool",
                                "java.util.concurrent.ThreadPoolExecutor",
                                "java.util.concurrent.ScheduledThreadPoolExecutor",
                                "java.util.Timer" -> true;
                        case "java.util.concurrent.CompletableFuture" -> name.endsWith("Async");
                        default -> false;
                    };
                });
        return noClasses()
                .that()
                .resideInAPackage(root + ".application..")
                .and(DescribedPredicate.not(listed))
                .should()
                .accessTargetWhere(startsThreads)
                .orShould()
                .callCodeUnitWhere(startsThreads)
                .as("8. threads and executors in the application only in the listed owners");
    }

    /**
     * A component definition is made by its builder (named flags), never by the record's canonical constructor with
     * its four positional booleans (issue 20).
     */
    static ArchRule componentDefinitionsAreBuilt(String root) {
        String record = root + ".domain.component.ComponentDefinition";
        return noClasses()
                .that()
                .doNotHaveFullyQualifiedName(record)
                .and()
                .doNotHaveFullyQualifiedName(record + "$Builder")
                .should()
                .callConstructorWhere(DescribedPredicate.describe(
                        "the canonical constructor of ComponentDefinition",
                        call -> call.getTargetOwner().getName().equals(record)))
                .as("9. component definitions only through ComponentDefinition.builder()");
    }

    static ArchRule domainIsPure(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(root + ".domain..", "java..")
                .as("1. the domain depends only on the domain and the JDK");
    }

    static ArchRule applicationSeesOnlyDomain(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".application..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(root + ".domain..", root + ".application..", "java..")
                .as("2. the application depends only on the domain, itself and the JDK");
    }

    static ArchRule layers(String root) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Domain")
                .definedBy(root + ".domain..")
                .layer("Application")
                .definedBy(root + ".application..")
                .layer("AdaptersIn")
                .definedBy(root + ".adapter.in..")
                .layer("AdaptersOut")
                .definedBy(root + ".adapter.out..")
                .layer("Bootstrap")
                .definedBy(root + ".bootstrap..")
                .whereLayer("Bootstrap")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("AdaptersIn")
                .mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("AdaptersOut")
                .mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Application")
                .mayOnlyBeAccessedByLayers("AdaptersIn", "AdaptersOut", "Bootstrap")
                .as("3. adapters are used only by bootstrap; the application only by adapters and bootstrap");
    }

    /**
     * The only dependencies allowed between adapters (relative to the root), each from a protocol to the transport it
     * is served on: GraphQL uses the http adapter's routing contract, error handler, request ids and authentication
     * (ADR 0024). The transport never depends back: bootstrap hands it the protocols as {@code HttpService}s.
     */
    static Map<String, String> allowedAdapterDependencies() {
        return Map.of("adapter.in.graphql", "adapter.in.http");
    }

    static ArchRule adaptersAreIndependent(String root) {
        var rule = slices().matching(root + ".adapter.(*).(*)..").should().notDependOnEachOther();
        for (Map.Entry<String, String> allowed : allowedAdapterDependencies().entrySet()) {
            rule = rule.ignoreDependency(
                    JavaClass.Predicates.resideInAPackage(root + "." + allowed.getKey() + ".."),
                    JavaClass.Predicates.resideInAPackage(root + "." + allowed.getValue() + ".."));
        }
        return rule.as("4. adapters do not depend on each other (but for the listed protocol-on-transport uses)");
    }

    static ArchRule domainSlicesAreAcyclic(String root) {
        return slices().matching(root + ".domain.(*)..")
                .should()
                .beFreeOfCycles()
                .as("5a. no cycles between feature slices of the domain");
    }

    static ArchRule applicationSlicesAreAcyclic(String root) {
        return slices().matching(root + ".application.(*)..")
                .should()
                .beFreeOfCycles()
                .as("5b. no cycles between feature slices of the application");
    }

    static List<ArchRule> libraryConfinement(String root) {
        List<ArchRule> rules = new ArrayList<>();
        confinedLibraries().forEach((library, allowed) -> {
            String[] packages = allowed.stream().map(p -> root + "." + p + "..").toArray(String[]::new);
            rules.add(noClasses()
                    .that()
                    .resideInAPackage(root + "..")
                    .and()
                    .resideOutsideOfPackages(packages)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(library)
                    .as("6. " + library + " is used only in " + String.join(", ", allowed)));
        });
        return rules;
    }

    static ArchRule portsAreInterfaces(String root) {
        return classes()
                .that()
                .resideInAPackage(root + ".application..port..")
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .beInterfaces()
                .as("7. types in port packages are interfaces");
    }
}
