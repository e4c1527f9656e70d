package dev.bpfforge.service.build;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JobRepository extends JpaRepository<Job, Long> {
  List<Job> findByBuildIdOrderByTargetIndex(UUID buildId);

  Optional<Job> findByBuildIdAndTargetIndex(UUID buildId, int targetIndex);

  /** Of the jobs given, those in one of the states given (ids only: one cheap query for many waiters). */
  @Query("select j.id from Job j where j.id in :ids and j.state in :states")
  Set<Long> findIdsByIdInAndStateIn(@Param("ids") Set<Long> ids, @Param("states") Set<JobState> states);
}
