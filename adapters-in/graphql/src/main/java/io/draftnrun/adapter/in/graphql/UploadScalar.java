package io.draftnrun.adapter.in.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import io.draftnrun.application.knowledge.UploadFiles;
import java.util.Locale;

/** The {@code Upload} scalar of the GraphQL multipart request specification: input only, a file part of the request. */
final class UploadScalar {
    private UploadScalar() {}

    static final GraphQLScalarType UPLOAD = GraphQLScalarType.newScalar()
            .name("Upload")
            .description("A file sent as a part of a multipart/form-data GraphQL request (input only).")
            .coercing(new Coercing<UploadFiles.FileUpload, Void>() {
                @Override
                public Void serialize(Object dataFetcherResult, GraphQLContext context, Locale locale) {
                    throw new CoercingSerializeException("Upload is an input-only scalar");
                }

                @Override
                public UploadFiles.FileUpload parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof UploadFiles.FileUpload upload) {
                        return upload;
                    }
                    throw new CoercingParseValueException(
                            "an Upload must be sent as a file part of a multipart/form-data request");
                }

                @Override
                public UploadFiles.FileUpload parseLiteral(
                        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                    throw new CoercingParseLiteralException("an Upload cannot be written in the query; use a variable");
                }
            })
            .build();
}
