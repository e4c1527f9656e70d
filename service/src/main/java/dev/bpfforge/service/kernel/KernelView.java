package dev.bpfforge.service.kernel;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A kernel as the API shows it. One kernel (show, upload) carries its full features; the list
 * carries only the highlights, since the helper lists of a catalog of thousands are megabytes.
 */
record KernelView(
    String release, String arch, String distro, String flavour, String btfSha256, long btfSize, int typeCount,
    String sourceFormat, Instant uploadedAt, String uploadedBy, FeaturesView features, Links links) {

  /** What the kernel supports; the lists are left out of list entries. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FeaturesView(
      Map<String, Boolean> highlights, List<String> mapTypes, List<String> progTypes, List<String> attachTypes, List<String> helpers) {}

  /** Where to fetch the kernel's BTF and header: what a target with no BTF runs curl on. */
  record Links(String self, String btf, String btfhub, String vmlinuxH) {}

  static KernelView full(Kernel k) {
    KernelFeatureSet f = k.features().orElse(new KernelFeatureSet(null, null, null, null, null));
    return of(k, new FeaturesView(f.highlights(), f.mapTypes(), f.progTypes(), f.attachTypes(), f.helpers()));
  }

  static KernelView summary(Kernel k) {
    return of(k, new FeaturesView(k.features().map(KernelFeatureSet::highlights).orElse(Map.of()), null, null, null, null));
  }

  private static KernelView of(Kernel k, FeaturesView features) {
    String self = "/v1/kernels/" + k.release().value();
    String arch = "?arch=" + k.arch().id();
    return new KernelView(k.release().value(), k.arch().id(), k.distro().orElse(null), k.flavour().orElse(null),
        k.btfSha256().hex(), k.btfSize(), k.typeCount(), k.sourceFormat(), k.uploadedAt(), k.uploadedBy().orElse(null),
        features, new Links(self + arch, self + "/btf" + arch, self + "/btf" + arch + "&format=btfhub", self + "/vmlinux.h" + arch));
  }
}
