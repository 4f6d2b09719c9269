package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.UUID;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.SourceRef;

/** Object mother for Avro commands as producers publish them. */
final class AvroCommands {

	static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

	private AvroCommands() {
	}

	static ContactUpsertCommand.Builder command(String tenant, Instant occurredAt) {
		return ContactUpsertCommand.newBuilder()
			.setCommandId(UUID.randomUUID().toString())
			.setTenantId(tenant)
			.setSource(new SourceRef("test", null))
			.setOccurredAt(occurredAt);
	}

	static String tenant() {
		return "tenant-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
