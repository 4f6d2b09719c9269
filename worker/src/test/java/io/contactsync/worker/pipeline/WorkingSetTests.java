package io.contactsync.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.ContactKeys;
import io.contactsync.worker.store.ContactWrite;
import io.contactsync.worker.store.StoredContact;
import org.junit.jupiter.api.Test;

import static io.contactsync.worker.pipeline.PendingCommands.ENGINE;
import static io.contactsync.worker.pipeline.PendingCommands.NOW;
import static io.contactsync.worker.pipeline.PendingCommands.T0;
import static io.contactsync.worker.pipeline.PendingCommands.command;
import static io.contactsync.worker.pipeline.PendingCommands.normalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link WorkingSet}: candidate look-up by identity key, the writes of a round, and which
 * outbox events a round publishes.
 */
class WorkingSetTests {

	private static final SingleObjectEncoder ENCODER = new SingleObjectEncoder();

	private static final Duration GRACE = Duration.ofSeconds(30);

	private static final String ANN = "ann@example.org";

	private static final String BOB = "bob@example.org";

	private static final String ANN_PHONE = "+1 650-253-0000";

	@Test
	void findsALoadedContactByEachOfItsKeys() {
		Contact ann = create(command("s1", 0).source(new SourceLink("crm", "r-1")).email(ANN).phone(ANN_PHONE).build())
			.contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));

		assertThat(working.candidates(keys(command("c1", 1).email(ANN)))).containsExactly(ann);
		assertThat(working.candidates(keys(command("c2", 1).phone("(650) 253-0000")))).containsExactly(ann);
		assertThat(working.candidates(keys(command("c3", 1).source(new SourceLink("crm", "r-1")))))
			.containsExactly(ann);
		assertThat(working.candidates(ContactKeys.of(ann))).containsExactly(ann);
	}

	@Test
	void findsNoContactByAnUnknownKeyOrByAnotherTenantsKey() {
		Contact ann = create(command("s1", 0).email(ANN).phone(ANN_PHONE).build()).contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));

		assertThat(working.candidates(keys(command("c1", 1).email(BOB)))).isEmpty();
		assertThat(working.candidates(keys(command("c2", 1).tenantId("tenant-other").email(ANN).phone(ANN_PHONE))))
			.isEmpty();
	}

	@Test
	void findsEveryContactThatHoldsOneOfTheKeys() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		Contact phone = create(command("s2", 0).phone(ANN_PHONE).build()).contact();
		WorkingSet working = new WorkingSet(
				List.of(new StoredContact(ann, List.of()), new StoredContact(phone, List.of())));

		assertThat(working.candidates(keys(command("c1", 1).email(ANN).phone(ANN_PHONE))))
			.containsExactlyInAnyOrder(ann, phone);
	}

	@Test
	void findsACreatedContactByItsKeys() {
		WorkingSet working = new WorkingSet(List.of());
		UpsertCommand creating = command("c1", 1).email(ANN).build();
		Created created = create(creating);

		working.created(created.contact(), event(true, created.contact(), creating));

		assertThat(working.candidates(keys(command("c2", 2).email(ANN)))).containsExactly(created.contact());
	}

	@Test
	void followsTheNewKeysOfAnUpdatedContact() {
		Contact ann = create(command("s1", 0).email(ANN).phone(ANN_PHONE).build()).contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));
		UpsertCommand movingEmail = command("c1", 1).email(BOB).phone(ANN_PHONE).build();
		Updated updated = update(ann, movingEmail);
		assertThat(updated.after().email()).contains(BOB);

		working.updated(updated.before(), updated.after(), event(false, updated.after(), movingEmail));

		// Found by the old email, a later command for Ann would merge into it.
		assertThat(working.candidates(keys(command("c2", 2).email(ANN)))).isEmpty();
		assertThat(working.candidates(keys(command("c3", 2).email(BOB)))).containsExactly(updated.after());
		assertThat(working.candidates(keys(command("c4", 2).phone(ANN_PHONE)))).containsExactly(updated.after());
	}

	@Test
	void writesOnlyChangedContactsExpectingTheirStoredVersion() {
		Contact untouched = create(command("s1", 0).email("carol@example.org").build()).contact();
		Contact ann = create(command("s2", 0).email(ANN).build()).contact();
		PendingEvent annPending = pendingEvent(ann, command("s2", 0).email(ANN).build(), NOW.minusSeconds(1));
		WorkingSet working = new WorkingSet(
				List.of(new StoredContact(untouched, List.of()), new StoredContact(ann, List.of(annPending))));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated updated = update(ann, renaming);
		PendingEvent updateEvent = event(false, updated.after(), renaming);
		UpsertCommand creating = command("c2", 2).email(BOB).build();
		Created created = create(creating);
		PendingEvent createEvent = event(true, created.contact(), creating);

		working.updated(updated.before(), updated.after(), updateEvent);
		working.created(created.contact(), createEvent);

		assertThat(working.writes()).extracting((write) -> write.contact().id(), ContactWrite::expectedVersion)
			.containsExactlyInAnyOrder(tuple(ann.id(), 1L), tuple(created.contact().id(), 0L));
		ContactWrite annWrite = writeOf(working, updated.after());
		assertThat(annWrite.contact()).isEqualTo(updated.after());
		// The stored outbox stays: its event may not be published yet.
		assertThat(annWrite.outbox()).extracting(PendingEvent::eventId, PendingEvent::contactVersion)
			.containsExactly(tuple(annPending.eventId(), 1L), tuple(updateEvent.eventId(), 2L));
		assertThat(annWrite.outbox().get(1).storedAt()).isEqualTo(NOW);
		assertThat(annWrite.outbox().get(1).bytes()).isEqualTo(updateEvent.bytes());
		assertThat(writeOf(working, created.contact()).outbox()).extracting(PendingEvent::eventId)
			.containsExactly(createEvent.eventId());
	}

	@Test
	void expectsTheStoredVersionAfterSeveralUpdatesInOneRound() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));
		UpsertCommand first = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated once = update(ann, first);
		working.updated(once.before(), once.after(), event(false, once.after(), first));
		UpsertCommand second = command("c2", 2).email(ANN).set(ContactField.LAST_NAME, "Lee").build();
		Updated twice = update(once.after(), second);
		working.updated(twice.before(), twice.after(), event(false, twice.after(), second));

		assertThat(working.writes()).singleElement().satisfies((write) -> {
			assertThat(write.contact().version()).isEqualTo(3);
			// The store still holds version 1: expecting 2 would lose every time.
			assertThat(write.expectedVersion()).isEqualTo(1);
			assertThat(write.outbox()).extracting(PendingEvent::contactVersion).containsExactly(2L, 3L);
		});
	}

	@Test
	void writesAnUpdateWithoutVisibleChangesWithoutAnEvent() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));
		// Re-states the email with a newer stamp: stored, but nothing to announce.
		Updated restated = update(ann, command("c1", 5).email(ANN).build());
		assertThat(restated.changes()).isEmpty();

		working.updated(restated.before(), restated.after(), null);

		assertThat(working.writes()).singleElement().satisfies((write) -> {
			assertThat(write.contact()).isEqualTo(restated.after());
			assertThat(write.outbox()).isEmpty();
		});
		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).isEmpty();
	}

	@Test
	void writesNothingWhenNothingChanged() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of())));

		assertThat(working.writes()).isEmpty();
		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).isEmpty();
	}

	@Test
	void publishesTheNewEventsOfWrittenContacts() {
		WorkingSet working = new WorkingSet(List.of());
		UpsertCommand creating = command("c1", 1).email(ANN).build();
		Created created = create(creating);
		PendingEvent event = event(true, created.contact(), creating);
		working.created(created.contact(), event);

		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(created.contact());
			assertThat(delivery.events()).extracting(PendingEvent::eventId).containsExactly(event.eventId());
			assertThat(delivery.wholeOutbox()).isTrue();
		});
	}

	@Test
	void aLostContactPublishesNothing() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		// Left over by a crashed writer, and yet not ours to publish this round.
		PendingEvent leftOver = pendingEvent(ann, command("s1", 0).email(ANN).build(),
				NOW.minus(GRACE).minusSeconds(1));
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of(leftOver))));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated updated = update(ann, renaming);
		working.updated(updated.before(), updated.after(), event(false, updated.after(), renaming));
		UpsertCommand creating = command("c2", 2).email(BOB).build();
		Created bob = create(creating);
		working.created(bob.contact(), event(true, bob.contact(), creating));

		List<OutboxDelivery> deliveries = working.toPublish(Set.of(ann.id()), NOW, GRACE, Set.of());

		// Its write was not stored: the next round re-reads it and merges again.
		assertThat(deliveries).extracting((delivery) -> delivery.contact().id()).containsExactly(bob.contact().id());
	}

	@Test
	void leavesYoungEventsOfOtherWritersAndDeliversOldOnes() {
		Contact young = create(command("s1", 0).email(ANN).build()).contact();
		Contact old = create(command("s2", 0).email(BOB).build()).contact();
		PendingEvent youngEvent = pendingEvent(young, command("s1", 0).email(ANN).build(), NOW.minusSeconds(1));
		PendingEvent oldEvent = pendingEvent(old, command("s2", 0).email(BOB).build(), NOW.minus(GRACE).minusMillis(1));
		WorkingSet working = new WorkingSet(
				List.of(new StoredContact(young, List.of(youngEvent)), new StoredContact(old, List.of(oldEvent))));

		List<OutboxDelivery> deliveries = working.toPublish(Set.of(), NOW, GRACE, Set.of());

		// The young one's writer is presumably still publishing it: taking it too
		// would only send it twice.
		assertThat(deliveries).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(old);
			assertThat(delivery.events()).containsExactly(oldEvent);
			assertThat(delivery.wholeOutbox()).isTrue();
		});
	}

	@Test
	void deliversAYoungStoredEventThatACommandOfThisBatchCaused() {
		// Written by an earlier attempt at this batch (or by this worker before a
		// crash): the batch must not commit before it is out, however young.
		UpsertCommand creating = command("s1", 0).email(ANN).build();
		Contact ann = create(creating).contact();
		PendingEvent mine = pendingEvent(ann, creating, NOW.minusSeconds(1));
		WorkingSet working = new WorkingSet(List.of(new StoredContact(ann, List.of(mine))));

		List<OutboxDelivery> deliveries = working.toPublish(Set.of(), NOW, GRACE,
				Set.of(normalized(creating).commandId().scoped()));

		assertThat(deliveries).singleElement().satisfies((delivery) -> {
			assertThat(delivery.events()).containsExactly(mine);
			assertThat(delivery.wholeOutbox()).isTrue();
		});
	}

	@Test
	void deliversTheWholeOutboxOnlyWhenEveryStoredEventIsDelivered() {
		Contact v3 = contactAt(3);
		PendingEvent oldV2 = pendingEvent("e2", 2, NOW.minus(GRACE).minusSeconds(5));
		PendingEvent youngV3 = pendingEvent("e3", 3, NOW.minusSeconds(1));
		WorkingSet working = new WorkingSet(List.of(new StoredContact(v3, List.of(oldV2, youngV3))));

		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).singleElement().satisfies((delivery) -> {
			assertThat(delivery.events()).containsExactly(oldV2);
			// Emptying the outbox now would lose the young event.
			assertThat(delivery.wholeOutbox()).isFalse();
		});
		assertThat(working.toPublish(Set.of(), NOW.plus(GRACE), GRACE, Set.of())).singleElement()
			.satisfies((delivery) -> {
				assertThat(delivery.events()).containsExactly(oldV2, youngV3);
				assertThat(delivery.wholeOutbox()).isTrue();
			});
	}

	@Test
	void keepsAYoungStoredEventOutOfAWrittenContactsDelivery() {
		Contact v3 = contactAt(3);
		PendingEvent youngV3 = pendingEvent("e3", 3, NOW.minusSeconds(1));
		WorkingSet working = new WorkingSet(List.of(new StoredContact(v3, List.of(youngV3))));
		UpsertCommand renaming = command("c9", 90).email(ANN).set(ContactField.FIRST_NAME, "Annie").build();
		Updated updated = update(v3, renaming);
		PendingEvent event = event(false, updated.after(), renaming);
		working.updated(updated.before(), updated.after(), event);

		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(updated.after());
			assertThat(delivery.events()).extracting(PendingEvent::eventId).containsExactly(event.eventId());
			assertThat(delivery.wholeOutbox()).isFalse();
		});
	}

	@Test
	void deliversEventsInContactVersionOrder() {
		Contact v3 = contactAt(3);
		// Stored out of order: delivery must not rely on the outbox's order.
		PendingEvent oldV3 = pendingEvent("e3", 3, NOW.minus(GRACE).minusSeconds(9));
		PendingEvent oldV2 = pendingEvent("e2", 2, NOW.minus(GRACE).minusSeconds(5));
		WorkingSet working = new WorkingSet(List.of(new StoredContact(v3, List.of(oldV3, oldV2))));
		UpsertCommand renaming = command("c9", 90).email(ANN).set(ContactField.FIRST_NAME, "Annie").build();
		Updated updated = update(v3, renaming);
		working.updated(updated.before(), updated.after(), event(false, updated.after(), renaming));

		assertThat(working.toPublish(Set.of(), NOW, GRACE, Set.of())).singleElement().satisfies((delivery) -> {
			assertThat(delivery.events()).extracting(PendingEvent::contactVersion).containsExactly(2L, 3L, 4L);
			assertThat(delivery.wholeOutbox()).isTrue();
		});
	}

	/** Ann's contact after {@code version - 1} updates. */
	private static Contact contactAt(int version) {
		Contact contact = create(command("s1", 0).email(ANN).build()).contact();
		for (int i = 2; i <= version; i++) {
			contact = update(contact, command("s" + i, i).email(ANN).set(ContactField.LAST_NAME, "Lee " + i).build())
				.after();
		}
		assertThat(contact.version()).isEqualTo(version);
		return contact;
	}

	private static Created create(UpsertCommand command) {
		MergeOutcome outcome = ENGINE.apply(normalized(command), List.of(), T0);
		assertThat(outcome).isInstanceOf(Created.class);
		return (Created) outcome;
	}

	private static Updated update(Contact current, UpsertCommand command) {
		MergeOutcome outcome = ENGINE.apply(normalized(command), List.of(current), NOW);
		assertThat(outcome).isInstanceOf(Updated.class);
		return (Updated) outcome;
	}

	/** The event the pipeline would record; its changes do not matter here. */
	private static PendingEvent event(boolean created, Contact after, UpsertCommand command) {
		return pending(ContactEvents.event(created, after, normalized(command), List.of(), List.of(), NOW, false), NOW,
				normalized(command).commandId().scoped());
	}

	private static PendingEvent pendingEvent(Contact contact, UpsertCommand creating, Instant storedAt) {
		ContactEvent event = ContactEvents.event(true, contact, normalized(creating), List.of(), List.of(), NOW, false);
		return pending(event, storedAt, normalized(creating).commandId().scoped());
	}

	private static PendingEvent pending(ContactEvent event, Instant storedAt, String causation) {
		return new PendingEvent(event.getEventId(), event.getContactVersion(), storedAt, ENCODER.event(event),
				PendingEvent.Encoding.WIRE, event.getOccurredAt(), causation);
	}

	/** An event of another writer; only its id, version, age and cause matter here. */
	private static PendingEvent pendingEvent(String eventId, long version, Instant storedAt) {
		return new PendingEvent(eventId, version, storedAt, eventId.getBytes(StandardCharsets.UTF_8),
				PendingEvent.Encoding.WIRE, storedAt, "other/" + eventId);
	}

	private static List<String> keys(UpsertCommand.Builder command) {
		return ContactKeys.of(normalized(command.build()).lookupKeys());
	}

	private static ContactWrite writeOf(WorkingSet working, Contact contact) {
		List<ContactWrite> writes = new ArrayList<>(working.writes());
		writes.removeIf((write) -> !write.contact().id().equals(contact.id()));
		assertThat(writes).as("writes of %s", contact.id()).hasSize(1);
		return writes.get(0);
	}

}
