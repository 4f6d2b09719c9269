package io.contactsync.worker.policy;

import java.time.Duration;

import io.contactsync.worker.merge.Limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What one command and one contact may hold ({@code contact-sync.limits.*}). Anything
 * left out keeps {@link Limits#defaults()}; docs/semantics.md says what each limit does.
 *
 * @param maxFutureSkew how far occurredAt may lie after the record's timestamp
 * @param maxTags tags per contact
 * @param maxCustomFields custom fields with a value per contact
 * @param maxSourceLinks source records per contact
 * @param maxTombstones removed tags and cleared custom fields a contact remembers
 * @param maxContactBytes size of a contact's values in bytes (UTF-8)
 */
@ConfigurationProperties("contact-sync.limits")
public record LimitsSettings(Duration maxFutureSkew, Integer maxTags, Integer maxCustomFields, Integer maxSourceLinks,
		Integer maxTombstones, Integer maxContactBytes) {

	public Limits toLimits() {
		Limits defaults = Limits.defaults();
		return new Limits((this.maxFutureSkew != null) ? this.maxFutureSkew : defaults.maxFutureSkew(),
				(this.maxTags != null) ? this.maxTags : defaults.maxTags(),
				(this.maxCustomFields != null) ? this.maxCustomFields : defaults.maxCustomFields(),
				(this.maxSourceLinks != null) ? this.maxSourceLinks : defaults.maxSourceLinks(),
				(this.maxTombstones != null) ? this.maxTombstones : defaults.maxTombstones(),
				(this.maxContactBytes != null) ? this.maxContactBytes : defaults.maxContactBytes());
	}

}
