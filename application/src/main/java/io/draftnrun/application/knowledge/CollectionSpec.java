package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A vector collection to create: its name (one per source), the vector size of the embedding model, and the payload
 * fields that get a keyword index and can therefore be filtered on. The chunk id field is always indexed.
 */
public record CollectionSpec(String name, int dimensions, List<String> keywordIndexedFields) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /** Beyond this no embedding model exists; it also keeps a typo from allocating huge indexes. */
    public static final int MAX_DIMENSIONS = 65_536;

    public CollectionSpec {
        requireValidName(name);
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw DomainException.validation("collection " + name + ": dimensions must be between 1 and "
                    + MAX_DIMENSIONS + ", got " + dimensions);
        }
        Set<String> fields = new LinkedHashSet<>();
        fields.add(VectorPoint.CHUNK_ID_FIELD);
        for (String field : Objects.requireNonNullElse(keywordIndexedFields, List.<String>of())) {
            if (field == null || field.isBlank()) {
                throw DomainException.validation("collection " + name + ": a keyword-indexed field name is blank");
            }
            fields.add(field);
        }
        keywordIndexedFields = List.copyOf(new ArrayList<>(fields));
    }

    /** Collection names are safe as Qdrant names and as directory names: letters, digits, '_' and '-'. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DomainException.validation("invalid vector collection name '" + name
                    + "': use 1 to 128 letters, digits, '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
