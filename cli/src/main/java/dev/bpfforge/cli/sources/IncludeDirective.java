package dev.bpfforge.cli.sources;

/** One {@code #include} line: the name between the quotes or angle brackets, and which of the two. */
public record IncludeDirective(String name, boolean angled) {}
