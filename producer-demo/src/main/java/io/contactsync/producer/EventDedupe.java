package io.contactsync.producer;

import java.util.LinkedHashMap;
import java.util.Map;

import io.contactsync.contracts.ContactEvent;

/**
 * What a subscriber does with at-least-once delivery: skip an event whose id it has seen,
 * and skip a contact version it has already passed (an older event delivered late or
 * again). Both memories are bounded (least recently used entries go first), so a
 * long-running watcher does not grow without limit; a real subscriber keeps the last
 * version per contact next to its own copy of the data instead.
 */
final class EventDedupe {

	/** What to do with an event. */
	enum Verdict {

		/** Not seen: process it. */
		NEW,
		/** Same event id as one already processed. */
		DUPLICATE_EVENT,
		/** A version of the contact at or below the last one processed. */
		OLD_VERSION

	}

	private final Map<String, Boolean> eventIds;

	private final Map<String, Long> versions;

	EventDedupe(int capacity) {
		this.eventIds = lru(capacity);
		this.versions = lru(capacity);
	}

	Verdict check(ContactEvent event) {
		if (this.eventIds.containsKey(event.getEventId())) {
			return Verdict.DUPLICATE_EVENT;
		}
		this.eventIds.put(event.getEventId(), Boolean.TRUE);
		Long last = this.versions.get(event.getContactId());
		if (last != null && event.getContactVersion() <= last) {
			return Verdict.OLD_VERSION;
		}
		this.versions.put(event.getContactId(), event.getContactVersion());
		return Verdict.NEW;
	}

	private static <V> Map<String, V> lru(int capacity) {
		return new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > capacity;
			}

		};
	}

}
