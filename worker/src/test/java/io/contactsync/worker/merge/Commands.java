package io.contactsync.worker.merge;

import java.time.Duration;
import java.time.Instant;

/** Object mother for upsert commands and engines. */
final class Commands {

	static final String TENANT = "location-1";

	static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

	static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

	private Commands() {
	}

	static MergeEngine engine() {
		return new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));
	}

	static MergeEngine engine(TenantPolicy policy) {
		return new MergeEngine(TenantPolicies.of(policy));
	}

	/** A HighLevel command without a record id, {@code minutes} after {@link #T0}. */
	static UpsertCommand.Builder command(String commandId, int minutes) {
		return UpsertCommand.builder(commandId, TENANT, SourceLink.ofSystem("highlevel"), at(minutes));
	}

	static Instant at(int minutes) {
		return T0.plus(Duration.ofMinutes(minutes));
	}

	static UpsertCommand.Builder ann(String commandId, int minutes) {
		return command(commandId, minutes).email("ann@example.org")
			.phone("+1 415-555-0101")
			.set(ContactField.FIRST_NAME, "Ann")
			.set(ContactField.LAST_NAME, "Lee");
	}

	static UpsertCommand changingEmail(String commandId, int minutes) {
		return command(commandId, minutes).phone("+14155550101").email("ann.lee@example.org").build();
	}

	static NormalizedCommand normalized(MergeEngine engine, UpsertCommand raw) {
		Normalized normalized = engine.normalize(raw);
		if (normalized instanceof NormalizedCommand command) {
			return command;
		}
		throw new AssertionError("expected a valid command but got " + normalized);
	}

	static Rejected rejected(MergeEngine engine, UpsertCommand raw) {
		Normalized normalized = engine.normalize(raw);
		if (normalized instanceof Rejected rejected) {
			return rejected;
		}
		throw new AssertionError("expected a rejection but got " + normalized);
	}

}
