package dev.bpfforge.service.lbc;

/** The port the Coolbpf connector listens on, once defaults are applied; not positive means off. */
record LbcPort(int value) {
  boolean enabled() {
    return value > 0;
  }
}
