package dev.bpfforge.service.artifact;

import dev.bpfforge.btf.Sha256;
import java.io.IOException;

/** A blob the database refers to is missing from the store: an operational fault, not a client error. */
public class BlobNotFoundException extends IOException {
  public BlobNotFoundException(Sha256 digest) {
    super("blob " + digest + " is not in the blob store");
  }
}
