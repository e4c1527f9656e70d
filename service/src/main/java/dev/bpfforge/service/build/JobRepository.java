package dev.bpfforge.service.build;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JobRepository extends JpaRepository<Job, Long> {
  List<Job> findByBuildIdOrderByTargetIndex(UUID buildId);

  Optional<Job> findByBuildIdAndTargetIndex(UUID buildId, int targetIndex);
}
