package io.contactsync.worker.merge;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The last-writer-wins order of writes: by {@code occurredAt} (millisecond precision, as
 * in the Avro contract), ties broken by {@code commandId}. Two equal stamps are the same
 * write.
 *
 * @param occurredAt when the change happened at the source
 * @param commandId the writing command
 */
public record Stamp(Instant occurredAt, String commandId) implements Comparable<Stamp> {

	public Stamp {
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(commandId, "commandId");
		// Stored stamps go through Avro and MongoDB, both millisecond-precise;
		// truncating here keeps a stamp equal to itself after a round trip.
		occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
	}

	@Override
	public int compareTo(Stamp other) {
		int byTime = this.occurredAt.compareTo(other.occurredAt);
		return (byTime != 0) ? byTime : this.commandId.compareTo(other.commandId);
	}

	/**
	 * Whether this write wins over {@code other}.
	 * @param other a stamp, or {@code null} for "never written"
	 * @return true when this stamp is strictly newer
	 */
	public boolean isNewerThan(Stamp other) {
		return other == null || compareTo(other) > 0;
	}

}
