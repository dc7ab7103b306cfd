package io.draftnrun.adapter.out.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach S3, from the reference's variables: {@code S3_ENDPOINT_URL} (empty = AWS's own endpoint;
 * set = an S3-compatible server addressed path-style), {@code S3_ACCESS_KEY_ID} and {@code S3_SECRET_ACCESS_KEY}
 * (empty = the SDK's default credential chain, e.g. an instance role), {@code S3_BUCKET_NAME}, {@code S3_REGION_NAME}
 * (default {@code us-east-1}). {@link #toString()} never shows the secret.
 */
public record S3Settings(
        Optional<URI> endpoint, String accessKeyId, String secretAccessKey, String bucket, String region) {
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        accessKeyId = accessKeyId == null ? "" : accessKeyId.strip();
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey.strip();
        region = region == null || region.isBlank() ? DEFAULT_REGION : region.strip();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("S3_BUCKET_NAME must be set to use S3 file storage");
        }
        bucket = bucket.strip();
        if (accessKeyId.isEmpty() != secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together");
        }
        endpoint.ifPresent(uri -> {
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("S3_ENDPOINT_URL must be an absolute URL like http://host:8333");
            }
        });
    }

    /** Builds settings from raw variable values; a blank endpoint means AWS. */
    public static S3Settings of(
            String endpointUrl, String accessKeyId, String secretAccessKey, String bucket, String region) {
        Optional<URI> endpoint = endpointUrl == null || endpointUrl.isBlank()
                ? Optional.empty()
                : Optional.of(URI.create(endpointUrl.strip()));
        return new S3Settings(endpoint, accessKeyId, secretAccessKey, bucket, region);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", accessKeyId="
                + (accessKeyId.isEmpty() ? "<default chain>" : accessKeyId) + ", secretAccessKey=<redacted>, bucket="
                + bucket + ", region=" + region + "]";
    }
}
