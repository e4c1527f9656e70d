package dev.bpfforge.service.kernel;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface KernelRepository extends JpaRepository<Kernel, Long> {
  Optional<Kernel> findByReleaseAndArch(String release, String arch);

  List<Kernel> findByRelease(String release);

  List<Kernel> findAllByOrderByReleaseAscArchAsc();
}
