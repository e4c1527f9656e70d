package dev.bpfforge.service.artifact;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where blobs (kernel BTF, artifacts) are kept: {@code bpfforge.blob-store.*}.
 *
 * @param type {@code filesystem} (under the data dir, the default) or {@code s3}
 * @param s3 the S3 bucket, when {@code type} is {@code s3}
 */
@ConfigurationProperties("bpfforge.blob-store")
public record BlobStoreProperties(@DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

  public enum Type { FILESYSTEM, S3 }

  /**
   * @param endpoint the S3 server, e.g. {@code http://s3proxy:80}; unset means AWS's own endpoint for the region
   * @param region signing region; any value for servers that ignore it (s3proxy, MinIO)
   * @param bucket the bucket blobs go to; required with {@code type: s3}
   * @param accessKey access key id; unset means the AWS default credential chain (environment, profile, IRSA)
   * @param secretKey secret access key, with {@code accessKey}
   * @param pathStyle address the bucket as {@code endpoint/bucket/key} (S3-compatible servers) rather than as a host name
   * @param createBucket create the bucket at start-up if it does not exist (single-host setups); else it must exist
   */
  public record S3(
      URI endpoint,
      @DefaultValue("us-east-1") String region,
      String bucket,
      String accessKey,
      String secretKey,
      @DefaultValue("true") boolean pathStyle,
      @DefaultValue("false") boolean createBucket) {

    public S3 {
      bucket = blankToNull(bucket);
      accessKey = blankToNull(accessKey);
      secretKey = blankToNull(secretKey);
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value;
    }
  }
}
