package io.contactsync.producer;

import io.contactsync.contracts.ContactEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventDedupeTests {

	@Test
	void skipsSeenEventIdsAndVersionsAtOrBelowTheLastOne() {
		EventDedupe dedupe = new EventDedupe(100);
		ContactEvent v2 = EventFixtures.updatedWithCollision("c-1", "e-2", 2);

		assertThat(dedupe.check(v2)).isEqualTo(EventDedupe.Verdict.NEW);
		assertThat(dedupe.check(v2)).isEqualTo(EventDedupe.Verdict.DUPLICATE_EVENT);
		assertThat(dedupe.check(EventFixtures.created("c-1", "e-1"))).isEqualTo(EventDedupe.Verdict.OLD_VERSION);
		assertThat(dedupe.check(EventFixtures.created("c-2", "e-3"))).isEqualTo(EventDedupe.Verdict.NEW);
	}

	@Test
	void forgetsTheLeastRecentlyUsedEntriesBeyondItsCapacity() {
		EventDedupe dedupe = new EventDedupe(1);
		dedupe.check(EventFixtures.created("c-1", "e-1"));
		dedupe.check(EventFixtures.created("c-2", "e-2"));

		assertThat(dedupe.check(EventFixtures.created("c-1", "e-1"))).isEqualTo(EventDedupe.Verdict.NEW);
	}

}
