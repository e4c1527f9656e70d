package dev.bpfforge.service.bundle;

import dev.bpfforge.service.api.InvalidRequestException;
import org.springframework.http.MediaType;

/** The archive a bundle comes in: {@code tar.gz} (the default) or {@code zip}. */
enum BundleFormat {
  TAR_GZ("tar.gz", MediaType.parseMediaType("application/gzip")),
  ZIP("zip", MediaType.parseMediaType("application/zip"));

  private final String extension;
  private final MediaType mediaType;

  BundleFormat(String extension, MediaType mediaType) {
    this.extension = extension;
    this.mediaType = mediaType;
  }

  String extension() {
    return extension;
  }

  MediaType mediaType() {
    return mediaType;
  }

  static BundleFormat parse(String raw) {
    return switch (raw) {
      case "tar.gz", "tgz" -> TAR_GZ;
      case "zip" -> ZIP;
      default -> throw new InvalidRequestException("format", "format is tar.gz (the default) or zip, not '"
          + raw.replaceAll("[^\\w.-]", "?") + "'.");
    };
  }
}
