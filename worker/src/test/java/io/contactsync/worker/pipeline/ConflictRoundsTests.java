package io.contactsync.worker.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.worker.events.SingleObjectEncoder;
import io.contactsync.worker.failure.TransientFailureException;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.IdentifierKind;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.observability.WorkerMetrics;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.OutboxSettings;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.store.StoredContact;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static io.contactsync.worker.pipeline.PendingCommands.ENGINE;
import static io.contactsync.worker.pipeline.PendingCommands.NOW;
import static io.contactsync.worker.pipeline.PendingCommands.command;
import static io.contactsync.worker.pipeline.PendingCommands.normalized;
import static io.contactsync.worker.pipeline.PendingCommands.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The conflict rounds against an in-memory store in which another writer wins races: the
 * losing group is re-read and merged again, and every command counts once.
 */
class ConflictRoundsTests {

	private static final String GROUP = "contact-sync";

	private final FakeContacts store = new FakeContacts();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Records whose batch the ledger reports out. */
	private final Set<Origin> out = new HashSet<>();

	@Test
	void creatorThatLosesTheRaceForAnEmailMergesIntoTheWinnersContact() {
		Pending mine = pending(command("mine", 20).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		this.store.beforeNextWrites(() -> this.store.put(created(command("theirs", 10).email("ann@example.org"))));

		ConflictRounds.Applied applied = rounds(10).apply(List.of(mine), false, GROUP);

		assertThat(this.store.all()).singleElement().satisfies((stored) -> {
			assertThat(stored.contact().email()).hasValue("ann@example.org");
			assertThat(stored.contact().value(ContactField.CITY)).hasValue("Oslo");
			assertThat(stored.contact().version()).isEqualTo(2);
		});
		assertThat(applied.outcomes()).singleElement().isInstanceOf(Updated.class);
		assertThat(this.store.writes).isEqualTo(2);
		assertThat(counted("updated")).isEqualTo(1);
		assertThat(counted("created")).isZero();
		assertThat(conflictRetries()).isEqualTo(1);
		assertThat(applied.toPublish()).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).hasSize(1));
	}

	@Test
	void updateComputedFromAVersionThatMovedOnIsMergedAgainIntoTheNewVersion() {
		Contact ann = created(command("c1", 0).email("ann@example.org"));
		this.store.put(ann);
		Pending mine = pending(command("mine", 20).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		this.store.beforeNextWrites(() -> this.store
			.put(updated(ann, command("theirs", 10).email("ann@example.org").set(ContactField.FIRST_NAME, "Ann"))));

		ConflictRounds.Applied applied = rounds(10).apply(List.of(mine), false, GROUP);

		Contact stored = this.store.get(ann.id()).contact();
		assertThat(stored.version()).isEqualTo(3);
		assertThat(stored.value(ContactField.FIRST_NAME)).hasValue("Ann");
		assertThat(stored.value(ContactField.CITY)).hasValue("Oslo");
		assertThat(applied.outcomes()).singleElement()
			.isInstanceOfSatisfying(Updated.class, (updated) -> assertThat(updated.before().version()).isEqualTo(2));
		assertThat(conflictRetries()).isEqualTo(1);
	}

	@Test
	void groupThatLosesTwiceWinsInTheThirdRound() {
		Contact ann = created(command("c1", 0).email("ann@example.org"));
		this.store.put(ann);
		Pending mine = pending(command("mine", 50).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		this.store.beforeNextWrites(() -> this.store
			.put(updated(ann, command("other-1", 10).email("ann@example.org").set(ContactField.FIRST_NAME, "Ann"))));
		this.store.beforeNextWrites(() -> this.store.put(updated(this.store.get(ann.id()).contact(),
				command("other-2", 20).email("ann@example.org").set(ContactField.LAST_NAME, "Lee"))));

		ConflictRounds.Applied applied = rounds(10).apply(List.of(mine), false, GROUP);

		Contact stored = this.store.get(ann.id()).contact();
		assertThat(stored.version()).isEqualTo(4);
		assertThat(stored.value(ContactField.CITY)).hasValue("Oslo");
		assertThat(stored.value(ContactField.LAST_NAME)).hasValue("Lee");
		assertThat(this.store.writes).isEqualTo(3);
		assertThat(this.store.loads).isEqualTo(3);
		assertThat(conflictRetries()).isEqualTo(2);
		assertThat(applied.outcomes()).hasSize(1);
		assertThat(counted("updated")).isEqualTo(1);
	}

	@Test
	void givesUpAsATransientFailureAfterTheLastRound() {
		Contact ann = created(command("c1", 0).email("ann@example.org"));
		this.store.put(ann);
		Pending mine = pending(command("mine", 50).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		for (int i = 1; i <= 3; i++) {
			int n = i;
			this.store.beforeNextWrites(() -> this.store.put(updated(this.store.get(ann.id()).contact(),
					command("other-" + n, n).email("ann@example.org").set(ContactField.STATE, "S" + n))));
		}

		assertThatExceptionOfType(TransientFailureException.class)
			.isThrownBy(() -> rounds(3).apply(List.of(mine), false, GROUP))
			.withMessage("1 commands still lost write races after 3 rounds");
		assertThat(this.store.writes).isEqualTo(3);
		assertThat(this.store.get(ann.id()).contact().value(ContactField.CITY)).isEmpty();
		assertThat(counted("updated")).isZero();
	}

	@Test
	void onlyTheGroupThatLostGoesRoundAgain() {
		Contact ann = created(command("c1", 0).email("ann@example.org"));
		this.store.put(ann);
		Pending toAnn = pending(command("a", 50).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		Pending toBob = pending(command("b", 50).email("bob@example.org").set(ContactField.CITY, "Rome").build());
		this.store.beforeNextWrites(() -> this.store
			.put(updated(ann, command("other", 10).email("ann@example.org").set(ContactField.FIRST_NAME, "Ann"))));

		ConflictRounds.Applied applied = rounds(10).apply(List.of(toAnn, toBob), false, GROUP);

		assertThat(applied.outcomes()).hasSize(2);
		assertThat(counted("created")).isEqualTo(1);
		assertThat(counted("updated")).isEqualTo(1);
		assertThat(this.store.all()).extracting((stored) -> stored.contact().version())
			.containsExactlyInAnyOrder(3L, 1L);
		assertThat(conflictRetries()).isEqualTo(1);
		assertThat(applied.toPublish()).extracting(OutboxDelivery::contact)
			.extracting((contact) -> contact.email().orElseThrow())
			.containsExactlyInAnyOrder("ann@example.org", "bob@example.org");
	}

	@Test
	void commandWhoseOwnContactWasStoredCountsOnceWhenItsGroupGoesRoundAgain() {
		// Phone first: the second command updates Bob by phone and leaves its email,
		// which the first command gives a new contact, with that one. One group, two
		// contacts; Bob's write loses, the new contact's is stored.
		MergeEngine phoneFirst = new MergeEngine(
				TenantPolicies.of(TenantPolicy.defaults().withMatchOrder(IdentifierKind.PHONE, IdentifierKind.EMAIL)));
		Contact bob = created(command("c0", 0).phone("+14155550101").set(ContactField.FIRST_NAME, "Bob"));
		this.store.put(bob);
		Pending createsX = pending(command("x", 50).email("x@example.org").build());
		Pending updatesBob = pending(
				command("y", 51).email("x@example.org").phone("+14155550101").set(ContactField.CITY, "Rome").build());
		this.store.beforeNextWrites(() -> this.store
			.put(updated(bob, command("other", 10).phone("+14155550101").set(ContactField.LAST_NAME, "Ray"))));

		ConflictRounds.Applied applied = rounds(phoneFirst, 10).apply(List.of(createsX, updatesBob), false, GROUP);

		assertThat(applied.outcomes()).hasSize(2);
		assertThat(applied.outcomes()).filteredOn(Created.class::isInstance).hasSize(1);
		assertThat(applied.outcomes()).filteredOn(Updated.class::isInstance).hasSize(1);
		assertThat(applied.outcomes()).noneMatch(Unchanged.class::isInstance);
		assertThat(counted("created")).isEqualTo(1);
		assertThat(counted("updated")).isEqualTo(1);
		assertThat(counted("unchanged")).isZero();
		assertThat(this.store.get(bob.id()).contact().value(ContactField.CITY)).hasValue("Rome");
		assertThat(this.store.all()).hasSize(2);
	}

	@Test
	void newEventsGoIntoTheStoredOutboxAndOutToThePublisher() {
		Pending mine = pending(command("mine", 20).email("ann@example.org").build());

		ConflictRounds.Applied applied = rounds(10).apply(List.of(mine), true, GROUP);

		StoredContact stored = this.store.all().iterator().next();
		// Stored as its change only, kept until the batch of its record is out.
		assertThat(stored.outbox()).singleElement().satisfies((event) -> {
			assertThat(event.contactVersion()).isEqualTo(1);
			assertThat(event.origin()).isEqualTo(mine.origin(GROUP));
			assertThat(event.hasWire()).isFalse();
		});
		assertThat(applied.toPublish()).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).singleElement().satisfies((event) -> {
				assertThat(event.eventId()).isEqualTo(stored.outbox().get(0).eventId());
				assertThat(event.replay()).isTrue();
				assertThat(event.hasWire()).isTrue();
			}));
	}

	@Test
	void aRedeliveredBatchPublishesTheEventsItStoredOnItsFirstTryAgain() {
		Pending mine = pending(command("mine", 20).email("ann@example.org").build());
		ConflictRounds.Applied firstTry = rounds(10).apply(List.of(mine), false, GROUP);
		byte[] published = firstTry.toPublish().iterator().next().events().get(0).wire();

		// The first try may have stopped before publishing: the batch comes again,
		// and now changes nothing.
		ConflictRounds.Applied again = rounds(10).apply(List.of(mine), false, GROUP);

		assertThat(again.outcomes()).singleElement().isInstanceOf(Unchanged.class);
		assertThat(again.toPublish()).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).singleElement()
				.satisfies((event) -> assertThat(event.wire()).isEqualTo(published)));
	}

	@Test
	void anEntryGoesWithTheContactsNextWriteOnceItsBatchIsOut() {
		Pending first = pending(command("first", 20).email("ann@example.org").build());
		Pending second = pending(command("second", 21).email("ann@example.org").set(ContactField.CITY, "Oslo").build());
		Pending third = pending(command("third", 22).email("ann@example.org").set(ContactField.STATE, "Viken").build());
		rounds(10).apply(List.of(first), false, GROUP);

		rounds(10).apply(List.of(second), false, GROUP);
		// The first batch is not known to be out: its entry stays, with its bytes now
		// that the contact has moved on.
		assertThat(this.store.all()).singleElement()
			.satisfies((stored) -> assertThat(stored.outbox())
				.extracting((event) -> event.origin().offset(), PendingEvent::hasWire)
				.containsExactly(tuple(first.record().offset(), true), tuple(second.record().offset(), false)));

		this.out.add(first.origin(GROUP));
		this.out.add(second.origin(GROUP));
		rounds(10).apply(List.of(third), false, GROUP);
		assertThat(this.store.all()).singleElement()
			.satisfies((stored) -> assertThat(stored.outbox()).extracting((event) -> event.origin().offset())
				.containsExactly(third.record().offset()));
	}

	@Test
	void aLegacyEntryIsPublishedAndAdoptedByTheRecordThatWritesItsContact() {
		Contact ann = created(command("c1", 0).email("ann@example.org"));
		// Stored by version 0.2 or before: its bytes, and nothing that tells whether
		// its batch is out.
		PendingEvent legacy = new PendingEvent("legacy", 1, NOW.minusSeconds(1), null, null, false, new byte[] { 1 },
				PendingEvent.Encoding.SINGLE_OBJECT, null);
		this.store.put(ann, List.of(legacy));
		Pending mine = pending(command("mine", 20).email("ann@example.org").set(ContactField.CITY, "Oslo").build());

		ConflictRounds.Applied applied = rounds(10).apply(List.of(mine), false, GROUP);

		// Kept until the batch of the record that wrote the contact is out.
		assertThat(this.store.get(ann.id()).outbox()).extracting(PendingEvent::eventId, PendingEvent::origin)
			.first()
			.isEqualTo(tuple("legacy", mine.origin(GROUP)));
		assertThat(this.store.get(ann.id()).outbox()).extracting(PendingEvent::origin).containsOnly(mine.origin(GROUP));
		assertThat(applied.toPublish()).singleElement()
			.satisfies((delivery) -> assertThat(delivery.events()).extracting(PendingEvent::eventId)
				.hasSize(2)
				.startsWith("legacy"));
	}

	private ConflictRounds rounds(int maxConflictRounds) {
		return rounds(ENGINE, maxConflictRounds);
	}

	private ConflictRounds rounds(MergeEngine engine, int maxConflictRounds) {
		PipelineSettings settings = new PipelineSettings("commands", "events", "dlt", "state", 6, 2, true,
				PipelineSettings.Mode.BATCHED, Duration.ofMillis(200), Duration.ofSeconds(30), maxConflictRounds,
				Duration.ofSeconds(60), Duration.ofSeconds(10), DataSize.ofKilobytes(256), DataSize.ofKilobytes(960),
				Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));
		return new ConflictRounds(engine, new SingleObjectEncoder(), this.store, this.out::contains,
				new WorkerMetrics(this.meters), settings, new OutboxSettings(Duration.ofSeconds(1), Duration.ofDays(7)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	/** A contact as another worker created it. */
	private static Contact created(UpsertCommand.Builder command) {
		return ((Created) ENGINE.apply(normalized(command.build()), List.of(), NOW.minusSeconds(60))).contact();
	}

	/** The contact after another worker applied a command to it. */
	private static Contact updated(Contact contact, UpsertCommand.Builder command) {
		MergeOutcome outcome = ENGINE.apply(normalized(command.build()), List.of(contact), NOW.minusSeconds(30));
		return ((Updated) outcome).after();
	}

	private double counted(String outcome) {
		return this.meters.get("contactsync.commands").tag("outcome", outcome).counter().count();
	}

	private double conflictRetries() {
		return this.meters.get("contactsync.store.conflict.retries").counter().count();
	}

}
