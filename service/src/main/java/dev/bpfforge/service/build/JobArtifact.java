package dev.bpfforge.service.build;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One artifact of a job: its kind, the file name a user gets, and its digest. */
@Embeddable
public record JobArtifact(
    @Column(name = "kind", nullable = false, length = 16) String kind,
    @Column(name = "name", nullable = false, length = 255) String name,
    @Column(name = "sha256", nullable = false, length = 64) String sha256) {}
