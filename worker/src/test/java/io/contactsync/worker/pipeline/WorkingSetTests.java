package io.contactsync.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.outbox.EventLedger;
import io.contactsync.worker.outbox.Origin;
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
 * {@link WorkingSet}: candidate look-up by identity key, the writes of a round with the
 * outbox each carries, and which outbox events a round publishes.
 */
class WorkingSetTests {

	private static final SingleObjectEncoder ENCODER = new SingleObjectEncoder();

	private static final EventMaker MAKER = new EventMaker(ENCODER, 1024 * 1024);

	private static final Duration GRACE = Duration.ofSeconds(30);

	private static final Duration RETENTION = Duration.ofDays(7);

	private static final String GROUP = "contact-sync";

	private static final String ANN = "ann@example.org";

	private static final String BOB = "bob@example.org";

	private static final String ANN_PHONE = "+1 650-253-0000";

	/** A moment ago: younger than the leftover grace. */
	private static final Instant YOUNG = NOW.minusSeconds(1);

	/** Longer ago than the leftover grace, well within the retention. */
	private static final Instant LEFT_OVER = NOW.minus(GRACE).minusSeconds(1);

	/** Records whose batch the fake ledger reports out. */
	private final Set<Origin> out = new HashSet<>();

	/** Every question the fake ledger was asked. */
	private final List<Origin> asked = new ArrayList<>();

	private final EventLedger ledger = (origin) -> {
		this.asked.add(origin);
		return this.out.contains(origin);
	};

	@Test
	void findsALoadedContactByEachOfItsKeys() {
		Contact ann = create(command("s1", 0).source(new SourceLink("crm", "r-1")).email(ANN).phone(ANN_PHONE).build())
			.contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));

		assertThat(working.candidates(keys(command("c1", 1).email(ANN)))).containsExactly(ann);
		assertThat(working.candidates(keys(command("c2", 1).phone("(650) 253-0000")))).containsExactly(ann);
		assertThat(working.candidates(keys(command("c3", 1).source(new SourceLink("crm", "r-1")))))
			.containsExactly(ann);
		assertThat(working.candidates(ContactKeys.of(ann))).containsExactly(ann);
	}

	@Test
	void findsNoContactByAnUnknownKeyOrByAnotherTenantsKey() {
		Contact ann = create(command("s1", 0).email(ANN).phone(ANN_PHONE).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));

		assertThat(working.candidates(keys(command("c1", 1).email(BOB)))).isEmpty();
		assertThat(working.candidates(keys(command("c2", 1).tenantId("tenant-other").email(ANN).phone(ANN_PHONE))))
			.isEmpty();
	}

	@Test
	void findsEveryContactThatHoldsOneOfTheKeys() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		Contact phone = create(command("s2", 0).phone(ANN_PHONE).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()), new StoredContact(phone, List.of()));

		assertThat(working.candidates(keys(command("c1", 1).email(ANN).phone(ANN_PHONE))))
			.containsExactlyInAnyOrder(ann, phone);
	}

	@Test
	void findsACreatedContactByItsKeys() {
		WorkingSet working = working();
		UpsertCommand creating = command("c1", 1).email(ANN).build();
		Created created = create(creating);

		created(working, created, creating, record(100));

		assertThat(working.candidates(keys(command("c2", 2).email(ANN)))).containsExactly(created.contact());
	}

	@Test
	void followsTheNewKeysOfAnUpdatedContact() {
		Contact ann = create(command("s1", 0).email(ANN).phone(ANN_PHONE).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));
		UpsertCommand movingEmail = command("c1", 1).email(BOB).phone(ANN_PHONE).build();
		Updated updated = update(ann, movingEmail);
		assertThat(updated.after().email()).contains(BOB);

		updated(working, updated, movingEmail, record(100));

		// Found by the old email, a later command for Ann would merge into it.
		assertThat(working.candidates(keys(command("c2", 2).email(ANN)))).isEmpty();
		assertThat(working.candidates(keys(command("c3", 2).email(BOB)))).containsExactly(updated.after());
		assertThat(working.candidates(keys(command("c4", 2).phone(ANN_PHONE)))).containsExactly(updated.after());
	}

	@Test
	void writesOnlyChangedContactsExpectingTheirStoredVersion() {
		Contact untouched = create(command("s1", 0).email("carol@example.org").build()).contact();
		UpsertCommand annCreating = command("s2", 0).email(ANN).build();
		Created annCreated = create(annCreating);
		Contact ann = annCreated.contact();
		PendingEvent annPending = storedEvent(annCreated, annCreating, record(1), YOUNG);
		WorkingSet working = working(new StoredContact(untouched, List.of()),
				new StoredContact(ann, List.of(annPending)));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated updated = update(ann, renaming);
		UpsertCommand creating = command("c2", 2).email(BOB).build();
		Created created = create(creating);

		PendingEvent updateEvent = updated(working, updated, renaming, record(100));
		PendingEvent createEvent = created(working, created, creating, record(101));

		assertThat(working.writes(Set.of(record(100), record(101))))
			.extracting((write) -> write.contact().id(), ContactWrite::expectedVersion)
			.containsExactlyInAnyOrder(tuple(ann.id(), 1L), tuple(created.contact().id(), 0L));
		ContactWrite annWrite = writeOf(working, updated.after());
		assertThat(annWrite.contact()).isEqualTo(updated.after());
		// The stored entry stays: its batch is not out yet.
		assertThat(annWrite.outbox()).extracting(PendingEvent::eventId, PendingEvent::contactVersion)
			.containsExactly(tuple(annPending.eventId(), 1L), tuple(updateEvent.eventId(), 2L));
		assertThat(annWrite.outbox().get(1).storedAt()).isEqualTo(NOW);
		assertThat(annWrite.outbox().get(1).origin()).isEqualTo(record(100));
		assertThat(annWrite.outbox().get(1).change()).isEqualTo(updateEvent.change());
		assertThat(writeOf(working, created.contact()).outbox()).extracting(PendingEvent::eventId)
			.containsExactly(createEvent.eventId());
	}

	@Test
	void expectsTheStoredVersionAfterSeveralUpdatesInOneRound() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));
		UpsertCommand first = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated once = update(ann, first);
		updated(working, once, first, record(100));
		UpsertCommand second = command("c2", 2).email(ANN).set(ContactField.LAST_NAME, "Lee").build();
		Updated twice = update(once.after(), second);
		updated(working, twice, second, record(101));

		assertThat(working.writes(Set.of(record(100), record(101)))).singleElement().satisfies((write) -> {
			assertThat(write.contact().version()).isEqualTo(3);
			// The store still holds version 1: expecting 2 would lose every time.
			assertThat(write.expectedVersion()).isEqualTo(1);
			assertThat(write.outbox()).extracting(PendingEvent::contactVersion).containsExactly(2L, 3L);
		});
	}

	@Test
	void writesAnUpdateWithoutVisibleChangesWithoutAnEvent() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));
		// Re-states the email with a newer stamp: stored, but nothing to announce.
		Updated restated = update(ann, command("c1", 5).email(ANN).build());
		assertThat(restated.changes()).isEmpty();

		working.updated(restated.before(), restated.after(), null);
		working.writtenBy(ann.id(), record(100));

		assertThat(working.writes(Set.of(record(100)))).singleElement().satisfies((write) -> {
			assertThat(write.contact()).isEqualTo(restated.after());
			assertThat(write.outbox()).isEmpty();
		});
		assertThat(working.toPublish(Set.of(), Set.of(record(100)))).isEmpty();
	}

	@Test
	void writesNothingWhenNothingChanged() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));

		assertThat(working.writes(Set.of())).isEmpty();
		assertThat(working.toPublish(Set.of(), Set.of())).isEmpty();
	}

	@Test
	void publishesTheNewEventsOfWrittenContactsWithTheirBytes() {
		WorkingSet working = working();
		UpsertCommand creating = command("c1", 1).email(ANN).build();
		Created created = create(creating);
		PendingEvent event = created(working, created, creating, record(100));
		working.writes(Set.of(record(100)));

		assertThat(working.toPublish(Set.of(), Set.of(record(100)))).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(created.contact());
			assertThat(delivery.events()).singleElement().satisfies((published) -> {
				assertThat(published.eventId()).isEqualTo(event.eventId());
				assertThat(published.wire()).isEqualTo(event.wire());
			});
		});
	}

	@Test
	void aLostWritePublishesNothing() {
		UpsertCommand annCreating = command("s1", 0).email(ANN).build();
		Created annCreated = create(annCreating);
		Contact ann = annCreated.contact();
		// Left over by a crashed writer, and yet not published by a write that was lost.
		PendingEvent leftOver = storedEvent(annCreated, annCreating, record(1), LEFT_OVER);
		WorkingSet working = working(new StoredContact(ann, List.of(leftOver)));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		updated(working, update(ann, renaming), renaming, record(100));
		UpsertCommand creating = command("c2", 2).email(BOB).build();
		Created bob = create(creating);
		created(working, bob, creating, record(101));
		Set<Origin> own = Set.of(record(100), record(101));
		working.writes(own);

		List<OutboxDelivery> deliveries = working.toPublish(Set.of(ann.id()), own);

		// Its write was not stored: the next round re-reads it and merges again.
		assertThat(deliveries).extracting((delivery) -> delivery.contact().id()).containsExactly(bob.contact().id());
	}

	@Test
	void aWriteCarriesTheStoredEntriesThatAreNotOutAndDropsThoseThatAre() {
		Contact v3 = contactAt(3);
		PendingEvent outV2 = otherWritersEvent("e2", 2, record(2), YOUNG);
		PendingEvent notOutV3 = otherWritersEvent("e3", 3, record(3), YOUNG);
		this.out.add(record(2));
		WorkingSet working = working(new StoredContact(v3, List.of(outV2, notOutV3)));
		UpsertCommand renaming = command("c9", 90).email(ANN).set(ContactField.FIRST_NAME, "Annie").build();
		Updated updated = update(v3, renaming);
		PendingEvent event = updated(working, updated, renaming, record(100));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).extracting(PendingEvent::eventId)
				.containsExactly(notOutV3.eventId(), event.eventId()));
		// The entry not out is young: its own writer publishes it, so this batch does
		// not send it twice.
		assertThat(working.toPublish(Set.of(), own)).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(updated.after());
			assertThat(delivery.events()).extracting(PendingEvent::eventId).containsExactly(event.eventId());
		});
	}

	@Test
	void anEntryOlderThanTheRetentionIsDroppedAndNotPublishedEvenWhenNotOut() {
		Contact ann = contactAt(2);
		Contact bob = create(command("b1", 0).email(BOB).build()).contact();
		// Its batch was never committed (its consumer group was deleted, say): without
		// the retention it would be published by every batch that loads its contact.
		Instant expired = NOW.minus(RETENTION).minusSeconds(1);
		PendingEvent annExpired = otherWritersEvent("e2", 2, record(2), expired);
		PendingEvent bobExpired = otherWritersEvent("b1", 1, record(3), expired);
		WorkingSet working = working(new StoredContact(ann, List.of(annExpired)),
				new StoredContact(bob, List.of(bobExpired)));
		UpsertCommand renaming = command("c9", 90).email(ANN).set(ContactField.FIRST_NAME, "Annie").build();
		PendingEvent event = updated(working, update(ann, renaming), renaming, record(100));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).extracting(PendingEvent::eventId)
				.containsExactly(event.eventId()));
		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.containsExactly(event.eventId()));
	}

	@Test
	void aRedeliveredBatchPublishesTheStoredEntryOfItsOwnRecordAgain() {
		// Stored by an earlier try of this batch (or by this worker before a crash),
		// compact as the event of the version written: the batch must not commit before
		// it is out, however young it is. The merge now finds nothing to change.
		UpsertCommand creating = command("s1", 0).email(ANN).build();
		Created created = create(creating);
		PendingEvent firstTry = storedEvent(created, creating, record(100), YOUNG);
		WorkingSet working = working(new StoredContact(created.contact(), List.of(firstTry.compact())));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.writes(own)).isEmpty();
		assertThat(working.toPublish(Set.of(), own)).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(created.contact());
			// Made again from its change and the contact: the same bytes as the first
			// try's.
			assertThat(delivery.events()).singleElement().satisfies((event) -> {
				assertThat(event.eventId()).isEqualTo(firstTry.eventId());
				assertThat(event.wire()).isEqualTo(firstTry.wire());
			});
		});
	}

	@Test
	void aYoungEntryOfAnotherWriterIsNeitherPublishedNorDroppedWhenItsContactIsNotWritten() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		PendingEvent young = otherWritersEvent("e1", 1, record(1), YOUNG);
		WorkingSet working = working(new StoredContact(ann, List.of(young)));

		assertThat(working.writes(Set.of(record(100)))).isEmpty();
		assertThat(working.toPublish(Set.of(), Set.of(record(100)))).isEmpty();
		// Nothing to decide for it: the ledger (the broker, maybe) is not asked.
		assertThat(this.asked).isEmpty();
	}

	@Test
	void aLeftOverEntryIsPublishedUnlessItsBatchIsOut() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		Contact bob = create(command("s2", 0).email(BOB).build()).contact();
		// Its writer presumably stopped before publishing it.
		PendingEvent annLeftOver = otherWritersEvent("a1", 1, record(1), LEFT_OVER);
		PendingEvent bobLeftOver = otherWritersEvent("b1", 1, record(2), LEFT_OVER);
		this.out.add(record(2));
		WorkingSet working = working(new StoredContact(ann, List.of(annLeftOver)),
				new StoredContact(bob, List.of(bobLeftOver)));

		List<OutboxDelivery> deliveries = working.toPublish(Set.of(), Set.of(record(100)));

		assertThat(deliveries).singleElement().satisfies((delivery) -> {
			assertThat(delivery.contact()).isEqualTo(ann);
			assertThat(delivery.events()).containsExactly(annLeftOver);
		});
		// Published, but not written: no store write just for the outbox.
		assertThat(working.writes(Set.of(record(100)))).isEmpty();
	}

	@Test
	void aLeftOverEntryPublishedByABatchThatWritesItsContactIsAdoptedByThatBatch() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		// Its group was deleted: its own batch will never be out.
		PendingEvent leftOver = otherWritersEvent("a1", 1, record(1), LEFT_OVER);
		WorkingSet working = working(new StoredContact(ann, List.of(leftOver)));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		updated(working, update(ann, renaming), renaming, record(100));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.contains(leftOver.eventId()));
		// Out once this batch is, instead of published by every later batch.
		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).filteredOn((event) -> event.eventId().equals("a1"))
				.extracting(PendingEvent::origin)
				.containsExactly(record(100)));
	}

	@Test
	void aLegacyEntryWithoutOriginIsPublishedAndAdoptedByTheRecordThatWritesItsContact() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		// Stored by version 0.2 or before: nothing tells whether its batch is out.
		PendingEvent legacy = legacyEvent("e1", 1, YOUNG);
		WorkingSet working = working(new StoredContact(ann, List.of(legacy)));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		UpsertCommand renamingAgain = command("c2", 2).email(ANN).set(ContactField.LAST_NAME, "Lee").build();
		Updated once = update(ann, renaming);
		PendingEvent first = updated(working, once, renaming, record(100));
		PendingEvent second = updated(working, update(once.after(), renamingAgain), renamingAgain, record(101));
		Set<Origin> own = Set.of(record(100), record(101));

		// Kept until the batch of the first record that wrote the contact is out.
		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox())
				.extracting(PendingEvent::eventId, PendingEvent::origin, PendingEvent::wire)
				.containsExactly(tuple(legacy.eventId(), record(100), legacy.wire()),
						tuple(first.eventId(), record(100), first.wire()), tuple(second.eventId(), record(101), null)));
		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.containsExactly(legacy.eventId(), first.eventId(), second.eventId()));
	}

	@Test
	void aLegacyEntryOfAContactNotWrittenIsPublishedAndLeftAsItIs() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		PendingEvent legacy = legacyEvent("e1", 1, YOUNG);
		WorkingSet working = working(new StoredContact(ann, List.of(legacy)));

		assertThat(working.toPublish(Set.of(), Set.of(record(100)))).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).containsExactly(legacy));
		assertThat(working.writes(Set.of(record(100)))).isEmpty();
	}

	@Test
	void aBatchThatTakesAnIdentifierFromAContactPublishesItsEntriesThatAreNotOut() {
		Contact ann = create(command("s1", 0).email(ANN).phone(ANN_PHONE).build()).contact();
		ann = update(ann, command("s2", 1).email(ANN).phone(ANN_PHONE).set(ContactField.CITY, "Oslo").build()).after();
		PendingEvent outV1 = otherWritersEvent("e1", 1, record(1), YOUNG);
		PendingEvent youngV2 = otherWritersEvent("e2", 2, record(2), YOUNG);
		this.out.add(record(1));
		WorkingSet working = working(new StoredContact(ann, List.of(outV1, youngV2)));
		// Found by phone, the command gives the contact another email: redelivered, the
		// record of the young entry would look Ann up by her old email and not find her.
		UpsertCommand movingEmail = command("c1", 10).email(BOB).phone(ANN_PHONE).build();
		Updated updated = update(ann, movingEmail);
		assertThat(updated.after().email()).contains(BOB);
		PendingEvent event = updated(working, updated, movingEmail, record(100));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).extracting(PendingEvent::eventId)
				.containsExactly(youngV2.eventId(), event.eventId()));
		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.containsExactly(youngV2.eventId(), event.eventId()));
	}

	@Test
	void storesTheEventOfTheVersionWrittenCompactAndKeepsTheBytesOfAnEarlierEventOfTheSameBatch() {
		Contact ann = create(command("s1", 0).email(ANN).build()).contact();
		WorkingSet working = working(new StoredContact(ann, List.of()));
		UpsertCommand first = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		Updated once = update(ann, first);
		PendingEvent v2 = updated(working, once, first, record(100));
		UpsertCommand second = command("c2", 2).email(ANN).set(ContactField.LAST_NAME, "Lee").build();
		PendingEvent v3 = updated(working, update(once.after(), second), second, record(101));
		Set<Origin> own = Set.of(record(100), record(101));

		// Only the event of the version written can be made again from the stored
		// contact.
		assertThat(working.writes(own)).singleElement().satisfies((write) -> {
			assertThat(write.outbox()).extracting(PendingEvent::eventId).containsExactly(v2.eventId(), v3.eventId());
			assertThat(write.outbox().get(0).wire()).isEqualTo(v2.wire());
			assertThat(write.outbox().get(1).hasWire()).isFalse();
			assertThat(write.outbox().get(1).change()).isEqualTo(v3.change());
		});
		// Both go to the broker with their bytes.
		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::wire)
				.containsExactly(v2.wire(), v3.wire()));
	}

	@Test
	void storesACompactEntryWithItsBytesWhenItsContactMovesOn() {
		UpsertCommand creating = command("s1", 0).email(ANN).build();
		Created created = create(creating);
		PendingEvent full = storedEvent(created, creating, record(1), YOUNG);
		WorkingSet working = working(new StoredContact(created.contact(), List.of(full.compact())));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		PendingEvent event = updated(working, update(created.contact(), renaming), renaming, record(100));

		// Once the contact is at version 2, the event of version 1 can no longer be made
		// from it: the write keeps its bytes, the very ones its writer published.
		assertThat(working.writes(Set.of(record(100)))).singleElement()
			.satisfies((write) -> assertThat(write.outbox())
				.extracting(PendingEvent::eventId, PendingEvent::origin, PendingEvent::wire)
				.containsExactly(tuple(full.eventId(), record(1), full.wire()),
						tuple(event.eventId(), record(100), null)));
	}

	@Test
	void dropsAnEntryWithoutBytesWhoseContactIsPastItsVersion() {
		// Only a defect leaves such an entry: its event cannot be made any more, and
		// made from a later version it would be wrong.
		UpsertCommand creating = command("s1", 0).email(ANN).build();
		Created created = create(creating);
		PendingEvent compactV1 = storedEvent(created, creating, record(1), LEFT_OVER).compact();
		Contact v2 = update(created.contact(), command("s2", 1).email(ANN).set(ContactField.CITY, "Oslo").build())
			.after();
		WorkingSet working = working(new StoredContact(v2, List.of(compactV1)));
		UpsertCommand renaming = command("c1", 2).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		PendingEvent event = updated(working, update(v2, renaming), renaming, record(100));
		Set<Origin> own = Set.of(record(100));

		assertThat(working.writes(own)).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).extracting(PendingEvent::eventId)
				.containsExactly(event.eventId()));
		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.containsExactly(event.eventId()));
	}

	@Test
	void dropsAnEntryANewerWorkerKeptWithAPathThisVersionDoesNotKnowInsteadOfFailingItsContact() {
		UpsertCommand creating = command("s1", 0).email(ANN).build();
		Created created = create(creating);
		PendingEvent stored = storedEvent(created, creating, record(1), LEFT_OVER).compact();
		ContactChange change = stored.change();
		List<FieldChange> withUnknown = new ArrayList<>(change.changes());
		withUnknown.add(new FieldChange("dndSettings.TELEGRAM", null, null));
		PendingEvent fromNewer = new PendingEvent(stored.eventId(), stored.contactVersion(), stored.storedAt(),
				stored.origin(), new ContactChange(change.created(), change.command(), change.source(),
						change.occurredAt(), withUnknown, change.ignored()),
				false, null, PendingEvent.Encoding.WIRE, null);
		WorkingSet working = working(new StoredContact(created.contact(), List.of(fromNewer)));
		UpsertCommand renaming = command("c1", 1).email(ANN).set(ContactField.FIRST_NAME, "Ann").build();
		PendingEvent event = updated(working, update(created.contact(), renaming), renaming, record(100));

		assertThat(working.writes(Set.of(record(100)))).singleElement()
			.satisfies((write) -> assertThat(write.outbox()).extracting(PendingEvent::eventId)
				.containsExactly(event.eventId()));
	}

	@Test
	void deliversEventsInContactVersionOrder() {
		Contact v3 = contactAt(3);
		// Stored out of order: delivery must not rely on the outbox's order.
		PendingEvent leftOverV3 = otherWritersEvent("e3", 3, record(3), NOW.minus(GRACE).minusSeconds(9));
		PendingEvent leftOverV2 = otherWritersEvent("e2", 2, record(2), NOW.minus(GRACE).minusSeconds(5));
		WorkingSet working = working(new StoredContact(v3, List.of(leftOverV3, leftOverV2)));
		UpsertCommand renaming = command("c9", 90).email(ANN).set(ContactField.FIRST_NAME, "Annie").build();
		updated(working, update(v3, renaming), renaming, record(100));
		Set<Origin> own = Set.of(record(100));
		working.writes(own);

		assertThat(working.toPublish(Set.of(), own)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::contactVersion)
				.containsExactly(2L, 3L, 4L));
	}

	private WorkingSet working(StoredContact... loaded) {
		return new WorkingSet(List.of(loaded), new OutboxRules(this.ledger, MAKER, GRACE, RETENTION), NOW);
	}

	/** A record of the command topic, read by {@link #GROUP}. */
	private static Origin record(long offset) {
		return new Origin(GROUP, "commands", 0, offset);
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

	/** Records a creation as {@link GroupMerge} does; returns its event. */
	private static PendingEvent created(WorkingSet working, Created created, UpsertCommand command, Origin origin) {
		PendingEvent event = storedEvent(created, command, origin, NOW);
		working.created(created.contact(), event);
		working.writtenBy(created.contact().id(), origin);
		return event;
	}

	/** Records an update as {@link GroupMerge} does; returns its event. */
	private static PendingEvent updated(WorkingSet working, Updated updated, UpsertCommand command, Origin origin) {
		PendingEvent event = MAKER.event(
				ContactChange.of(false, normalized(command), updated.changes(), updated.ignored()), updated.after(),
				origin, NOW, false);
		working.updated(updated.before(), updated.after(), event);
		working.writtenBy(updated.after().id(), origin);
		return event;
	}

	/** The event of a creation, with its bytes, as its writer made it at {@code at}. */
	private static PendingEvent storedEvent(Created created, UpsertCommand command, Origin origin, Instant at) {
		return MAKER.event(ContactChange.of(true, normalized(command), created.changes(), created.ignored()),
				created.contact(), origin, at, false);
	}

	/** An entry of another writer; only its id, version, age and origin matter here. */
	private static PendingEvent otherWritersEvent(String eventId, long version, Origin origin, Instant storedAt) {
		return new PendingEvent(eventId, version, storedAt, origin, null, false,
				eventId.getBytes(StandardCharsets.UTF_8), PendingEvent.Encoding.WIRE, storedAt);
	}

	/** An entry as version 0.2 and before stored it: bytes, no origin. */
	private static PendingEvent legacyEvent(String eventId, long version, Instant storedAt) {
		return new PendingEvent(eventId, version, storedAt, null, null, false, eventId.getBytes(StandardCharsets.UTF_8),
				PendingEvent.Encoding.SINGLE_OBJECT, storedAt);
	}

	private static List<String> keys(UpsertCommand.Builder command) {
		return ContactKeys.of(normalized(command.build()).lookupKeys());
	}

	private static ContactWrite writeOf(WorkingSet working, Contact contact) {
		List<ContactWrite> writes = new ArrayList<>(working.writes(Set.of()));
		writes.removeIf((write) -> !write.contact().id().equals(contact.id()));
		assertThat(writes).as("writes of %s", contact.id()).hasSize(1);
		return writes.get(0);
	}

}
