package dev.bpfforge.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant quotas under {@code bpfforge.quotas}: what keeps one tenant from starving the rest.
 *
 * @param maxQueuedJobs jobs of one tenant waiting in the queue; a build that would exceed it is a 429
 * @param maxRunningJobs jobs of one tenant the workers run at once; the rest wait their turn in the queue
 * @param requestsPerMinute requests of one tenant per minute (in bursts up to the same number), per replica
 */
@ConfigurationProperties("bpfforge.quotas")
public record QuotaProperties(
    @DefaultValue("256") int maxQueuedJobs,
    @DefaultValue("8") int maxRunningJobs,
    @DefaultValue("1200") int requestsPerMinute) {}
