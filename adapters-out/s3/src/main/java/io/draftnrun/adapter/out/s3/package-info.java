/**
 * File storage adapters for the {@code BlobStore} port: {@code S3BlobStore} on any S3-compatible service through the
 * AWS SDK v2 (AWS S3, SeaweedFS, MinIO), and {@code LocalFileBlobStore} in a folder of the local disk for
 * single-machine installs.
 */
package io.draftnrun.adapter.out.s3;
