package io.contactsync.worker.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox sweeper ({@code contact-sync.outbox.*}): a backstop that publishes events
 * left in contact documents, e.g. after a crash between the store write and the publish
 * whose command is not redelivered to this group.
 *
 * @param sweep whether this instance sweeps (off in the operator commands, which run
 * beside live workers)
 * @param sweepInterval how often to look
 * @param minAge only events older than this (the pipeline publishes younger ones itself)
 * @param batchSize contacts per sweep
 */
@ConfigurationProperties("contact-sync.outbox")
public record OutboxSettings(@DefaultValue("true") boolean sweep, @DefaultValue("30s") Duration sweepInterval,
		@DefaultValue("60s") Duration minAge, @DefaultValue("500") int batchSize) {
}
