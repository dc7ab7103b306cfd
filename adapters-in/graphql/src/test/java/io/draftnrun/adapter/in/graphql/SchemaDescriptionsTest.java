package io.draftnrun.adapter.in.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputObjectTypeExtensionDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every type, field, argument, input field, enum value and scalar of the schema has a description, for integrators
 * reading introspection and GraphiQL's documentation: a string in double quotes (or a block string) right before the
 * element in its {@code .graphqls} file, saying what it is for, not its name again.
 */
class SchemaDescriptionsTest {
    private static final Path SCHEMA = Path.of("src/main/resources/graphql");

    @Test
    void everySchemaElementIsDescribed() throws IOException {
        List<String> missing = new ArrayList<>();
        int elements = 0;
        for (Path file : schemaFiles()) {
            TypeDefinitionRegistry registry = new SchemaParser().parse(Files.readString(file, StandardCharsets.UTF_8));
            String where = " (" + SCHEMA.relativize(file) + ")";
            List<TypeDefinition<?>> types = new ArrayList<>();
            registry.types().values().forEach(types::add);
            registry.objectTypeExtensions().values().forEach(types::addAll);
            registry.inputObjectTypeExtensions().values().forEach(types::addAll);
            registry.scalars().values().stream()
                    .filter(s -> !graphql.schema.idl.ScalarInfo.isGraphqlSpecifiedScalar(s.getName()))
                    .forEach(types::add);
            for (TypeDefinition<?> type : types) {
                String name = type.getName();
                boolean extension = type instanceof ObjectTypeExtensionDefinition
                        || type instanceof InputObjectTypeExtensionDefinition;
                if (!extension) {
                    elements++;
                    check(missing, "type " + name + where, name, descriptionOf(type));
                }
                switch (type) {
                    case ObjectTypeDefinition object -> {
                        for (FieldDefinition field : object.getFieldDefinitions()) {
                            elements++;
                            check(
                                    missing,
                                    name + "." + field.getName() + where,
                                    field.getName(),
                                    field.getDescription());
                            for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                                elements++;
                                check(
                                        missing,
                                        name + "." + field.getName() + "(" + argument.getName() + ":)" + where,
                                        argument.getName(),
                                        argument.getDescription());
                            }
                        }
                    }
                    case InterfaceTypeDefinition face -> {
                        for (FieldDefinition field : face.getFieldDefinitions()) {
                            elements++;
                            check(
                                    missing,
                                    name + "." + field.getName() + where,
                                    field.getName(),
                                    field.getDescription());
                        }
                    }
                    case InputObjectTypeDefinition input -> {
                        for (InputValueDefinition field : input.getInputValueDefinitions()) {
                            elements++;
                            check(
                                    missing,
                                    name + "." + field.getName() + where,
                                    field.getName(),
                                    field.getDescription());
                        }
                    }
                    case EnumTypeDefinition enumeration -> {
                        for (EnumValueDefinition value : enumeration.getEnumValueDefinitions()) {
                            elements++;
                            check(
                                    missing,
                                    name + "." + value.getName() + where,
                                    value.getName(),
                                    value.getDescription());
                        }
                    }
                    default -> {}
                }
            }
        }
        assertThat(elements).as("schema elements found under " + SCHEMA).isGreaterThan(300);
        assertThat(missing)
                .as("schema elements without a useful description: write one in double quotes right before each,"
                        + " saying what it is for (not its name again)")
                .isEmpty();
    }

    private static Description descriptionOf(TypeDefinition<?> type) {
        return switch (type) {
            case ObjectTypeDefinition t -> t.getDescription();
            case InputObjectTypeDefinition t -> t.getDescription();
            case EnumTypeDefinition t -> t.getDescription();
            case ScalarTypeDefinition t -> t.getDescription();
            case InterfaceTypeDefinition t -> t.getDescription();
            case UnionTypeDefinition t -> t.getDescription();
            default -> null;
        };
    }

    /** A description is missing, empty, or only the element's name again. */
    private static void check(List<String> missing, String element, String name, Description description) {
        String text = description == null ? "" : description.getContent().strip();
        String words = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String named = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (text.length() < 8 || words.equals(named) || words.equals("the" + named)) {
            missing.add(element);
        }
    }

    private static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMA)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(".graphqls"))
                    .sorted()
                    .toList();
            assertThat(found).as("schema files in " + SCHEMA.toAbsolutePath()).isNotEmpty();
            return found;
        }
    }
}
