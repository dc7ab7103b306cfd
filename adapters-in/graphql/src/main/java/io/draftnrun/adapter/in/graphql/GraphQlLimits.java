package io.draftnrun.adapter.in.graphql;

/**
 * Bounds on what one HTTP request may ask, so a single client cannot exhaust the server.
 *
 * @param maxDocumentBytes size of the request body
 * @param maxDepth nesting depth of selections
 * @param maxComplexity field count weighted by nesting (graphql-java's complexity calculation)
 * @param maxAliases aliased fields in one operation (alias-based amplification)
 * @param maxBatch operations in one batched (JSON array) request
 * @param introspection whether {@code __schema}/{@code __type} are answered
 */
public record GraphQlLimits(
        int maxDocumentBytes, int maxDepth, int maxComplexity, int maxAliases, int maxBatch, boolean introspection) {
    public static GraphQlLimits defaults() {
        return new GraphQlLimits(1_000_000, 15, 2_000, 30, 10, true);
    }

    public GraphQlLimits withIntrospection(boolean enabled) {
        return new GraphQlLimits(maxDocumentBytes, maxDepth, maxComplexity, maxAliases, maxBatch, enabled);
    }
}
