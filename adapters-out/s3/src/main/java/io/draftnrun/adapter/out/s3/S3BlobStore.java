package io.draftnrun.adapter.out.s3;

import io.draftnrun.application.knowledge.BlobContent;
import io.draftnrun.application.knowledge.BlobInfo;
import io.draftnrun.application.knowledge.BlobKey;
import io.draftnrun.application.knowledge.BlobSummary;
import io.draftnrun.application.knowledge.port.BlobStore;
import io.draftnrun.domain.shared.DomainException;
import io.draftnrun.domain.shared.ErrorCode;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link BlobStore} on an S3 bucket through the AWS SDK v2 with the JDK URL-connection HTTP client. With an endpoint
 * (SeaweedFS, MinIO...) it addresses buckets path-style; without one it uses AWS's regional endpoint. {@link
 * #create} makes the bucket when it does not exist yet.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client client;
    private final String bucket;
    private final S3Presigner presigner; // null: no presigned links

    /** Uses {@code client} as is (the caller keeps ownership of how it was built); closes it on {@link #close}. */
    public S3BlobStore(S3Client client, String bucket) {
        this(client, bucket, null);
    }

    private S3BlobStore(S3Client client, String bucket, S3Presigner presigner) {
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.presigner = presigner;
    }

    /**
     * A presigned GET URL of the file at {@code key}, valid for {@code ttl}, whose response names the document
     * ({@code Content-Disposition}) and has the stored content type; empty when this store was built without settings
     * to sign with.
     */
    public Optional<String> presignedDownload(BlobKey key, String documentName, Duration ttl) {
        if (presigner == null) {
            return Optional.empty();
        }
        String ascii = documentName.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_");
        String encoded = java.net.URLEncoder.encode(documentName, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        try {
            return Optional.of(presigner
                    .presignGetObject(request -> request.signatureDuration(ttl)
                            .getObjectRequest(get -> get.bucket(bucket)
                                    .key(key.value())
                                    .responseContentDisposition(
                                            "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded)))
                    .url()
                    .toString());
        } catch (SdkException e) {
            throw unavailable("signing a link to '" + key + "'", e);
        }
    }

    /** Builds the client from {@code settings} and creates the bucket if it is missing. */
    public static S3BlobStore create(S3Settings settings) {
        S3BlobStore store = new S3BlobStore(client(settings), settings.bucket(), presigner(settings));
        try {
            store.ensureBucket(settings.region());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info(
                "File storage: S3 bucket '{}' at {}",
                settings.bucket(),
                settings.endpoint().map(Object::toString).orElse("AWS " + settings.region()));
        return store;
    }

    static S3Presigner presigner(S3Settings settings) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.endpoint().isPresent())
                        .build());
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        return settings.accessKeyId().isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }

    static S3Client client(S3Settings settings) {
        AwsCredentialsProvider credentials = credentials(settings);
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials);
        settings.endpoint()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    void ensureBucket(String region) {
        try {
            client.headBucket(request -> request.bucket(bucket));
            return;
        } catch (NoSuchBucketException e) {
            // create it below
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw unavailable("checking bucket '" + bucket + "'", e);
            }
        } catch (SdkException e) {
            throw unavailable("checking bucket '" + bucket + "'", e);
        }
        try {
            CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(bucket);
            if (!S3Settings.DEFAULT_REGION.equals(region)) {
                create.createBucketConfiguration(CreateBucketConfiguration.builder()
                        .locationConstraint(BucketLocationConstraint.fromValue(region))
                        .build());
            }
            client.createBucket(create.build());
            LOG.info("Created S3 bucket '{}'", bucket);
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
            // another instance starting at the same time created it (two API servers and a worker start together)
            LOG.info("S3 bucket '{}' was created by another instance", bucket);
        } catch (SdkException e) {
            throw unavailable("creating bucket '" + bucket + "'", e);
        }
    }

    @Override
    public void put(BlobKey key, InputStream content, long length, String contentType) {
        String type = new BlobInfo(key, length, contentType).contentType();
        try {
            client.putObject(
                    request -> request.bucket(bucket)
                            .key(key.value())
                            .contentType(type)
                            .contentLength(length),
                    RequestBody.fromInputStream(content, length));
        } catch (SdkException e) {
            throw unavailable("storing file '" + key + "'", e);
        }
    }

    @Override
    public BlobContent open(BlobKey key) {
        try {
            ResponseInputStream<GetObjectResponse> stream =
                    client.getObject(request -> request.bucket(bucket).key(key.value()));
            GetObjectResponse response = stream.response();
            long size = response.contentLength() == null ? 0 : response.contentLength();
            return new BlobContent(new BlobInfo(key, size, response.contentType()), stream);
        } catch (NoSuchKeyException e) {
            throw DomainException.notFound("File '" + key + "'");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw DomainException.notFound("File '" + key + "'");
            }
            throw unavailable("reading file '" + key + "'", e);
        } catch (SdkException e) {
            throw unavailable("reading file '" + key + "'", e);
        }
    }

    @Override
    public boolean exists(BlobKey key) {
        try {
            client.headObject(request -> request.bucket(bucket).key(key.value()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable("checking file '" + key + "'", e);
        } catch (SdkException e) {
            throw unavailable("checking file '" + key + "'", e);
        }
    }

    @Override
    public void delete(BlobKey key) {
        try {
            client.deleteObject(request -> request.bucket(bucket).key(key.value()));
        } catch (NoSuchKeyException e) {
            // already gone
        } catch (SdkException e) {
            throw unavailable("deleting file '" + key + "'", e);
        }
    }

    @Override
    public int deletePrefix(String prefix) {
        List<BlobSummary> doomed = list(prefix);
        int deleted = 0;
        for (int from = 0; from < doomed.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = doomed.subList(from, Math.min(from + DELETE_BATCH, doomed.size())).stream()
                    .map(summary -> ObjectIdentifier.builder()
                            .key(summary.key().value())
                            .build())
                    .toList();
            try {
                DeleteObjectsResponse response = client.deleteObjects(request -> request.bucket(bucket)
                        .delete(Delete.builder().objects(batch).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new DomainException(
                            ErrorCode.UNAVAILABLE,
                            "File storage refused to delete "
                                    + response.errors().size() + " file(s) under '" + prefix + "': "
                                    + response.errors().getFirst().message());
                }
                deleted += batch.size();
            } catch (SdkException e) {
                throw unavailable("deleting files under '" + prefix + "'", e);
            }
        }
        return deleted;
    }

    @Override
    public List<BlobSummary> list(String prefix) {
        BlobKey.checkPrefix(prefix);
        List<BlobSummary> found = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(
                            request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                try {
                    found.add(new BlobSummary(BlobKey.of(object.key()), object.size() == null ? 0 : object.size()));
                } catch (DomainException invalidKey) {
                    LOG.warn(
                            "S3 bucket '{}': skipping object with a key we do not use: {}",
                            bucket,
                            invalidKey.getMessage());
                }
            }
        } catch (SdkException e) {
            throw unavailable("listing files under '" + prefix + "'", e);
        }
        found.sort(Comparator.comparing(summary -> summary.key().value()));
        return List.copyOf(found);
    }

    @Override
    public void close() {
        if (presigner != null) {
            presigner.close();
        }
        client.close();
    }

    private DomainException unavailable(String what, SdkException e) {
        LOG.warn("S3 bucket '{}': {} failed: {}", bucket, what, e.getMessage());
        return new DomainException(ErrorCode.UNAVAILABLE, "File storage is unavailable: " + what + " failed", e);
    }
}
