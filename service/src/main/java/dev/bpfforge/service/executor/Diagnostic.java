package dev.bpfforge.service.executor;

/**
 * One compiler message, located in the user's own tree.
 *
 * @param file path relative to the source tree (or a toolchain header such as bpf/bpf_helpers.h);
 *     null for driver messages
 */
public record Diagnostic(String file, Integer line, Integer column, String severity, String message) {}
