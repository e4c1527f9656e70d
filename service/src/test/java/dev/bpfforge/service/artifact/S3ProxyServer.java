package dev.bpfforge.service.artifact;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server for tests: s3proxy in this JVM, on a free loopback port, over jclouds'
 * in-memory ("transient") blob store, with signature-v4 authentication and path-style buckets.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "bpfforge-test";
  public static final String SECRET_KEY = "bpfforge-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  public static S3ProxyServer start() throws Exception {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .overrides(new Properties())
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    try {
      proxy.start(); // returns once Jetty listens
    } catch (Exception e) {
      context.close();
      throw e;
    }
    return new S3ProxyServer(context, proxy);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Whether the in-memory store holds an object under this exact key: a look behind the S3 API. */
  public boolean holds(String bucket, String key) {
    return context.getBlobStore().blobExists(bucket, key);
  }

  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
