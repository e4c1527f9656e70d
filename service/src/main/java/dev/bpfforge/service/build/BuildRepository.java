package dev.bpfforge.service.build;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface BuildRepository extends JpaRepository<Build, UUID> {
  @Query("select b from Build b where b.tenant = :tenant and (:state is null or b.state = :state)"
      + " and (:name is null or b.name = :name) order by b.createdAt desc")
  Page<Build> search(@Param("tenant") String tenant, @Param("state") BuildState state, @Param("name") String name, Pageable page);

  Optional<Build> findById(UUID id);

  /**
   * A build as its tenant sees it: empty for another tenant's build, exactly as for one that does
   * not exist. Every endpoint under a build (targets, logs, bundles, artifacts) looks it up here.
   */
  Optional<Build> findByIdAndTenant(UUID id, String tenant);

  /** Of the builds given, those in one of the states given (ids only: one cheap query for many waiters). */
  @Query("select b.id from Build b where b.id in :ids and b.state in :states")
  Set<UUID> findIdsByIdInAndStateIn(@Param("ids") Set<UUID> ids, @Param("states") Set<BuildState> states);
}
