package dev.bpfforge.service.build;

public enum BuildState { QUEUED, RUNNING, SUCCEEDED, FAILED }
