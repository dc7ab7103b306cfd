package io.draftnrun.application.knowledge;

import io.draftnrun.domain.shared.DomainException;

/** Vector arithmetic the stores share: size checks and L2 normalisation (cosine = dot product of unit vectors). */
public final class Vectors {
    private Vectors() {}

    /** Fails with {@code VALIDATION} when the vector does not have the collection's size. */
    public static void requireDimensions(float[] vector, int dimensions, String collection, String what) {
        if (vector.length != dimensions) {
            throw DomainException.validation(what + " has " + vector.length + " dimensions but collection " + collection
                    + " holds vectors of " + dimensions + " (was it embedded with another model?)");
        }
    }

    /** A unit-length copy; fails with {@code VALIDATION} on a zero or non-finite vector. */
    public static float[] normalized(float[] vector, String what) {
        double sum = 0;
        for (float x : vector) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw DomainException.validation(what + " has a zero or non-finite norm and cannot be compared by cosine");
        }
        float inverse = (float) (1.0 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }

    public static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Most results one search may return. */
    public static final int MAX_LIMIT = 10_000;

    /** Fails with {@code VALIDATION} unless 1 &lt;= limit &lt;= {@link #MAX_LIMIT}. */
    public static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.validation("search limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }
}
