package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Object mother for the pipeline's unit tier: valid commands as the decoder hands them
 * on.
 */
final class PendingCommands {

	static final String TENANT = "tenant-unit";

	static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

	static final Instant NOW = Instant.parse("2026-06-02T00:00:00Z");

	static final MergeEngine ENGINE = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	private static final AtomicLong offsets = new AtomicLong();

	private PendingCommands() {
	}

	/** A CRM command of {@link #TENANT}, {@code seconds} after {@link #T0}. */
	static UpsertCommand.Builder command(String commandId, int seconds) {
		return UpsertCommand.builder(commandId, TENANT, SourceLink.ofSystem("crm"), T0.plusSeconds(seconds));
	}

	/**
	 * The command, normalized by the default engine, as if consumed at the next offset.
	 */
	static Pending pending(UpsertCommand raw) {
		return new Pending(new ConsumerRecord<>("commands", 0, offsets.incrementAndGet(), "key", null),
				new DecodedCommand(new byte[0], null), normalized(raw));
	}

	static NormalizedCommand normalized(UpsertCommand raw) {
		Normalized normalized = ENGINE.normalize(raw);
		if (normalized instanceof NormalizedCommand command) {
			return command;
		}
		throw new AssertionError("expected a valid command but got " + normalized);
	}

}
