package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects {@code <first two hex digits>/<sha256>} in one S3 bucket. A PUT is atomic in
 * S3, so a reader sees a whole blob or none; the digest is checked here before anything is sent.
 * SDK failures surface as {@link IOException}s, like a failing disk does for the filesystem store.
 */
public class S3BlobStore implements BlobStore, AutoCloseable {
  private static final int NOT_FOUND = 404;
  private static final Pattern BLOB_KEY = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{64}");

  private final S3Client s3;
  private final String bucket;

  public S3BlobStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** A store for the configured bucket; checks the bucket is there (or creates it) so a misconfiguration fails at start-up. */
  static S3BlobStore connect(BlobStoreProperties.S3 config) throws IOException {
    if (config.bucket() == null) {
      throw new IllegalStateException("bpfforge.blob-store.s3.bucket must be set when bpfforge.blob-store.type is s3");
    }
    S3BlobStore store = new S3BlobStore(client(config), config.bucket());
    try {
      store.ensureBucket(config.createBucket());
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  static S3Client client(BlobStoreProperties.S3 config) {
    S3ClientBuilder builder = S3Client.builder()
        // The JDK's HttpURLConnection: no extra HTTP stack on the classpath for a handful of calls per request.
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60))
            .build())
        .region(Region.of(config.region()))
        .credentialsProvider(credentials(config))
        .forcePathStyle(config.pathStyle())
        // Only the checksums S3 requires: S3-compatible servers (s3proxy, older MinIO) reject the
        // SDK's default trailing CRC checksums, and our keys are SHA-256 digests checked on write anyway.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint());
    }
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(BlobStoreProperties.S3 config) {
    if ((config.accessKey() == null) != (config.secretKey() == null)) {
      throw new IllegalStateException("bpfforge.blob-store.s3.access-key and secret-key go together: set both or neither");
    }
    if (config.accessKey() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
  }

  void ensureBucket(boolean create) throws IOException {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      createOrFail(create, e);
    } catch (S3Exception e) {
      if (e.statusCode() != NOT_FOUND) {
        throw new IOException("S3 bucket " + bucket + " is not usable: " + e.getMessage(), e);
      }
      createOrFail(create, e);
    } catch (SdkException e) {
      throw new IOException("S3 server unreachable for bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  private void createOrFail(boolean create, S3Exception missing) throws IOException {
    if (!create) {
      throw new IOException("S3 bucket " + bucket + " does not exist; create it or set bpfforge.blob-store.s3.create-bucket", missing);
    }
    try {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      throw new IOException("could not create S3 bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(Sha256 expected, byte[] content) throws IOException {
    Sha256 actual = Sha256.of(content);
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(expected, actual);
    }
    // HEAD first: blobs are immutable, so an existing key already holds these bytes. It is copied
    // onto itself, which makes it young again for the retention sweep's grace (see BlobStore#list).
    if (contains(expected)) {
      try {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key(expected)).destinationBucket(bucket)
            .destinationKey(key(expected)).metadataDirective(MetadataDirective.REPLACE).contentType("application/octet-stream"));
        return;
      } catch (SdkException swept) {
        // Removed by the sweep between HEAD and copy: store it again below.
      }
    }
    try {
      s3.putObject(b -> b.bucket(bucket).key(key(expected)).contentType("application/octet-stream").contentLength((long) content.length),
          RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw new IOException("storing blob " + expected + " in S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean contains(Sha256 digest) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key(digest)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      // HEAD responses have no body, so S3 cannot say NoSuchKey: a bare 404 is the answer.
      if (e.statusCode() == NOT_FOUND) {
        return false;
      }
      throw new IOException("checking blob " + digest + " in S3 failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("checking blob " + digest + " in S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(Sha256 digest) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key(digest)));
    } catch (NoSuchKeyException e) {
      throw new BlobNotFoundException(digest);
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_FOUND) {
        throw new BlobNotFoundException(digest);
      }
      throw new IOException("reading blob " + digest + " from S3 failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("reading blob " + digest + " from S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Stream<StoredBlob> list() throws IOException {
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
          .filter(o -> BLOB_KEY.matcher(o.key()).matches())
          .map(o -> new StoredBlob(Sha256.parse(o.key().substring(3)), o.lastModified()));
    } catch (SdkException e) {
      throw new IOException("listing blobs in S3 failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(Sha256 digest) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key(digest)));
    } catch (SdkException e) {
      throw new IOException("deleting blob " + digest + " from S3 failed: " + e.getMessage(), e);
    }
  }

  /** The object key of a blob: hex-prefix "directories" keep listings and per-prefix rate limits spread. */
  public static String key(Sha256 digest) {
    String hex = digest.hex();
    return hex.substring(0, 2) + "/" + hex;
  }

  @Override
  public void close() {
    s3.close();
  }
}
