package dev.bpfforge.service.compile;

import dev.bpfforge.service.build.Build;
import dev.bpfforge.service.executor.CompileResult.VmlinuxSource;

/** A successful compile: the build row and the object it produced. */
public record CompileOutcome(Build build, String objectName, byte[] object, boolean cacheHit, VmlinuxSource vmlinux) {}
