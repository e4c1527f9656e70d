package dev.bpfforge.service.build;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ActionCacheRepository extends JpaRepository<ActionCacheEntry, String> {}
