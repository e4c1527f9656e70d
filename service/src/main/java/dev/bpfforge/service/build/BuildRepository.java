package dev.bpfforge.service.build;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BuildRepository extends JpaRepository<Build, UUID> {}
