package dev.bpfforge.service.kernel;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface KernelRepository extends JpaRepository<Kernel, Long> {
  Optional<Kernel> findByReleaseAndArch(String release, String arch);

  /** The row, locked until the transaction ends: replacing a kernel's BTF is read-modify-write. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select k from Kernel k where k.release = :release and k.arch = :arch")
  Optional<Kernel> lockByReleaseAndArch(@Param("release") String release, @Param("arch") String arch);

  List<Kernel> findByRelease(String release);

  List<Kernel> findAllByOrderByReleaseAscArchAsc();

  List<Kernel> findByFeaturesIsNull();

  /** Every kernel as {@code release@arch}, without loading rows (closest-match suggestions). */
  @Query("select concat(k.release, '@', k.arch) from Kernel k")
  List<String> findAllNames();

  /** Deletes at once, so a row that builds still refer to fails here, as a foreign-key violation. */
  @Transactional
  @Modifying
  @Query("delete from Kernel k where k.id = :id")
  int deleteNow(@Param("id") Long id);
}
