package io.contactsync.worker.pipeline;

import java.time.Duration;

import io.contactsync.contracts.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the worker consumes and publishes ({@code contact-sync.pipeline.*}).
 *
 * @param commandsTopic topic of upsert commands
 * @param eventsTopic topic of contact events
 * @param deadLetterTopic where rejected and undecodable commands go, with their bytes
 * @param stateTopic compacted topic of every contact's latest state (empty: none)
 * @param partitions partitions of the topics the worker creates if missing
 * @param concurrency consumer threads per instance (at most the partition count)
 * @param listen whether this instance consumes the command topic (off in the operator
 * commands, which run beside live workers)
 * @param mode {@code BATCHED} (the design) or {@code NAIVE} (one record at a time, every
 * step a round trip: the baseline the benchmark compares with)
 * @param retryInitialInterval first back-off after a transient failure
 * @param retryMaxInterval longest back-off; retries never stop
 * @param maxConflictRounds optimistic-concurrency rounds within one batch before the
 * whole batch is retried with back-off
 * @param publishTimeout how long to wait for the broker to acknowledge events and dead
 * letters
 * @param leftoverGrace events another worker stored less than this long ago are left for
 * it to publish; older ones are published by whoever reads the contact next
 * @param maxCommandBytes largest command record accepted; larger ones are dead-lettered
 * @param maxEventBytes largest event the worker stores and publishes; a command whose
 * event would be larger is dead-lettered. Keep it below the producer's
 * {@code max.request.size} and the topic's {@code max.message.bytes} (1 MB by default)
 * @param stalledAfter a partition whose batch has failed for this long makes the health
 * DEGRADED
 * @param downAfter ... and DOWN after this long
 * @param outagePatience when every record of a batch fails alone, for a reason not known
 * to go away by itself, the batch is retried this long, in case the cause is an outage
 * after all; then those records are dead-lettered, so a burst of bad records never stops
 * its partition for good
 */
@ConfigurationProperties("contact-sync.pipeline")
public record PipelineSettings(@DefaultValue(Topics.COMMANDS) String commandsTopic,
		@DefaultValue(Topics.EVENTS) String eventsTopic,
		@DefaultValue(Topics.COMMANDS_DEAD_LETTER) String deadLetterTopic,
		@DefaultValue(Topics.STATE) String stateTopic, @DefaultValue("6") int partitions,
		@DefaultValue("2") int concurrency, @DefaultValue("true") boolean listen, @DefaultValue("BATCHED") Mode mode,
		@DefaultValue("200ms") Duration retryInitialInterval, @DefaultValue("30s") Duration retryMaxInterval,
		@DefaultValue("10") int maxConflictRounds, @DefaultValue("60s") Duration publishTimeout,
		@DefaultValue("10s") Duration leftoverGrace, @DefaultValue("256KB") DataSize maxCommandBytes,
		@DefaultValue("960KB") DataSize maxEventBytes, @DefaultValue("1m") Duration stalledAfter,
		@DefaultValue("15m") Duration downAfter, @DefaultValue("1m") Duration outagePatience) {

	/** Batched (the design) or naive (per-record round trips). */
	public enum Mode {

		BATCHED, NAIVE

	}

	/** How long the listener waits for the batch in hand when the worker stops. */
	public Duration shutdownTimeout() {
		return this.publishTimeout.multipliedBy(2).plusSeconds(15);
	}

	int maxEventSize() {
		return (int) this.maxEventBytes.toBytes();
	}

	int maxCommandSize() {
		return (int) this.maxCommandBytes.toBytes();
	}

}
