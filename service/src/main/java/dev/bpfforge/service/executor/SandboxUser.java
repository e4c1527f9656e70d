package dev.bpfforge.service.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Who the sandboxed tools are on the host. bubblewrap's {@code --uid 65534} only renames the
 * caller inside its user namespace: started by root, the tools would still be uid 0 outside
 * (owning every file root owns, should they ever reach one). So a service running as root drops
 * to 65534 with {@code setpriv} before bubblewrap, and hands it mount sources that user can use:
 * writable mounts owned by it, and every directory above a mount traversable (o+x, not listable).
 * A service that is not root already runs the tools as itself, an unprivileged user.
 */
final class SandboxUser {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SandboxUser.class);
  static final int NOBODY = 65534;
  private static final boolean ROOT = isRoot();

  private SandboxUser() {}

  /** The argv prefix that drops to nobody, or nothing when the service is not root. */
  static List<String> dropPrivileges() {
    return ROOT
        ? List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--inh-caps=-all", "--")
        : List.of();
  }

  /** Makes the mount sources usable by the sandbox user; a no-op unless the service is root. */
  static void prepare(List<Sandbox.Mount> mounts) throws IOException {
    if (!ROOT) {
      return;
    }
    for (Sandbox.Mount mount : mounts) {
      Path host = mount.host().toAbsolutePath();
      for (Path dir = Files.isDirectory(host) ? host : host.getParent(); dir != null; dir = dir.getParent()) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
          permissions.add(PosixFilePermission.OTHERS_EXECUTE);
          Files.setPosixFilePermissions(dir, permissions);
          log.debug("made {} traversable (o+x, not listable) so the sandbox user can reach the job directories below it", dir);
        }
      }
      if (mount.writable()) {
        Files.setAttribute(host, "unix:uid", NOBODY);
        Files.setAttribute(host, "unix:gid", NOBODY);
      }
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
