package io.contactsync.worker.merge;

import java.time.Duration;
import java.util.Objects;

/**
 * What one command and one contact may hold. Commands beyond a limit are rejected with
 * the field and the rule; see docs/semantics.md, "Limits".
 *
 * @param maxFutureSkew how far {@code occurredAt} may lie after the time the record was
 * produced (clocks of sources and producers differ a little, never by days)
 * @param maxTags tags a contact may hold
 * @param maxCustomFields custom fields with a value a contact may hold
 * @param maxSourceLinks source records a contact may be linked to
 * @param maxTombstones removed tags and cleared custom fields a contact remembers; the
 * oldest are forgotten beyond this
 * @param maxContactBytes the size of a contact's values (UTF-8), so that the contact, its
 * events and its stored document stay far below the broker's and the store's limits
 */
public record Limits(Duration maxFutureSkew, int maxTags, int maxCustomFields, int maxSourceLinks, int maxTombstones,
		int maxContactBytes) {

	public Limits {
		Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
		if (maxFutureSkew.isNegative() || maxTags < 1 || maxCustomFields < 1 || maxSourceLinks < 1 || maxTombstones < 1
				|| maxContactBytes < 1024) {
			throw new IllegalArgumentException("limits must be positive (maxContactBytes at least 1024)");
		}
	}

	/**
	 * The defaults: 10 minutes of clock skew, 200 tags, 200 custom fields, 50 source
	 * links, 1,000 tombstones, 128 KiB of values.
	 */
	public static Limits defaults() {
		return new Limits(Duration.ofMinutes(10), 200, 200, 50, 1000, 128 * 1024);
	}

}
