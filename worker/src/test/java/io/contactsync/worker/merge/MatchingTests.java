package io.contactsync.worker.merge;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.contactsync.worker.merge.Commands.NOW;
import static io.contactsync.worker.merge.Commands.command;
import static io.contactsync.worker.merge.Commands.engine;
import static io.contactsync.worker.merge.Commands.normalized;
import static org.assertj.core.api.Assertions.assertThat;

class MatchingTests {

	private static final String EMAIL_A = "alice@example.org";

	private static final String PHONE_B = "+14155550102";

	private MergeEngine engine = engine();

	private InMemoryContacts store = new InMemoryContacts();

	@Test
	void updatesTheFirstPriorityMatchAndLeavesTheOtherIdentifierWithItsOwner() {
		Contact a = created(command("a", 0).email(EMAIL_A).build());
		Contact b = created(command("b", 0).phone(PHONE_B).build());

		MergeOutcome outcome = upsert(
				command("c", 1).email(EMAIL_A).phone("(415) 555-0102").set(ContactField.FIRST_NAME, "Alice").build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(a.id());
			assertThat(updated.matchedBy()).isEqualTo(MatchedBy.EMAIL);
			assertThat(updated.after().phone()).isEmpty();
			assertThat(updated.ignored()).containsExactly(new IgnoredIdentifier(IdentifierKind.PHONE, PHONE_B, b.id()));
			assertThat(updated.changes()).containsExactly(new FieldChange("firstName", null, "Alice"));
		});
		assertThat(stored(b.id())).isEqualTo(b);
	}

	@Test
	void updatesThePhoneOwnerFirstWhenTheTenantPrefersPhone() {
		useEngine(TenantPolicy.defaults().withMatchOrder(IdentifierKind.PHONE, IdentifierKind.EMAIL));
		Contact a = created(command("a", 0).email(EMAIL_A).build());
		Contact b = created(command("b", 0).phone(PHONE_B).build());

		MergeOutcome outcome = upsert(command("c", 1).email(EMAIL_A).phone(PHONE_B).build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(b.id());
			assertThat(updated.after().email()).isEmpty();
			assertThat(updated.ignored()).containsExactly(new IgnoredIdentifier(IdentifierKind.EMAIL, EMAIL_A, a.id()));
		});
	}

	@Test
	void matchesAKnownSourceLinkBeforeAnyIdentifier() {
		Contact a = created(command("a", 0).email(EMAIL_A).build());
		Contact linked = created(command("b", 0).source(new SourceLink("highlevel", "hl-9")).build());

		MergeOutcome outcome = upsert(command("c", 1).source(new SourceLink("highlevel", "hl-9"))
			.email(EMAIL_A)
			.set(ContactField.FIRST_NAME, "Linda")
			.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(linked.id());
			assertThat(updated.matchedBy()).isEqualTo(MatchedBy.SOURCE_LINK);
			assertThat(updated.ignored()).containsExactly(new IgnoredIdentifier(IdentifierKind.EMAIL, EMAIL_A, a.id()));
		});
	}

	@Test
	void changesEmailOfTheContactMatchedByPhone() {
		Contact a = created(command("a", 0).email(EMAIL_A).phone(PHONE_B).build());

		MergeOutcome outcome = upsert(command("c", 1).email("alice.new@example.org").phone(PHONE_B).build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(a.id());
			assertThat(updated.matchedBy()).isEqualTo(MatchedBy.PHONE);
			assertThat(updated.changes()).containsExactly(new FieldChange("email", EMAIL_A, "alice.new@example.org"));
		});
	}

	@Test
	void keepsTheOldEmailWhenTheNewOneBelongsToAnotherContact() {
		Contact a = created(command("a", 0).source(new SourceLink("crm", "1")).email(EMAIL_A).build());
		Contact b = created(command("b", 0).email("bob@example.org").build());

		MergeOutcome outcome = upsert(
				command("c", 1).source(new SourceLink("crm", "1")).email("bob@example.org").build());

		assertThat(outcome).isInstanceOfSatisfying(Unchanged.class, (unchanged) -> {
			assertThat(unchanged.contact().email()).contains(EMAIL_A);
			assertThat(unchanged.ignored())
				.containsExactly(new IgnoredIdentifier(IdentifierKind.EMAIL, "bob@example.org", b.id()));
		});
		assertThat(stored(a.id()).email()).contains(EMAIL_A);
	}

	@Test
	void neverMatchesOnAKindOutsideTheMatchOrderButKeepsItUnique() {
		useEngine(TenantPolicy.defaults().withMatchOrder(IdentifierKind.EMAIL));
		Contact a = created(command("a", 0).email(EMAIL_A).phone(PHONE_B).build());

		MergeOutcome outcome = upsert(command("c", 1).email("carol@example.org").phone(PHONE_B).build());

		assertThat(outcome).isInstanceOfSatisfying(Created.class, (created) -> {
			assertThat(created.contact().phone()).isEmpty();
			assertThat(created.ignored()).containsExactly(new IgnoredIdentifier(IdentifierKind.PHONE, PHONE_B, a.id()));
		});
	}

	@Test
	void recreatesTheSameIdWhenACreatingCommandIsRedelivered() {
		NormalizedCommand command = normalized(this.engine, command("c1", 0).email(EMAIL_A).build());

		MergeOutcome first = this.engine.apply(command, List.of(), NOW);
		MergeOutcome second = this.engine.apply(command, List.of(), NOW.plusSeconds(60));

		assertThat(first).isInstanceOf(Created.class);
		assertThat(second).isInstanceOfSatisfying(Created.class,
				(created) -> assertThat(created.contact().id()).isEqualTo(((Created) first).contact().id()));
	}

	@Test
	void recognisesItsOwnCreationAfterTheIdentifiersMovedOn() {
		UpsertCommand creating = command("c1", 0).email(EMAIL_A).build();
		Contact a = created(creating);
		upsert(command("c2", 5).phone(PHONE_B).email(EMAIL_A).build());
		upsert(command("c3", 6).phone(PHONE_B).email("alice.new@example.org").build());

		MergeOutcome redelivered = upsert(creating);

		assertThat(redelivered).isInstanceOfSatisfying(Unchanged.class, (unchanged) -> {
			assertThat(unchanged.contact().id()).isEqualTo(a.id());
			assertThat(unchanged.staleFieldsDropped()).isEqualTo(1);
		});
		assertThat(this.store.all()).hasSize(1);
	}

	@Test
	void ignoresCandidatesOfAnotherTenant() {
		MergeEngine engine = engine();
		Contact other = ((Created) engine.upsert(
				UpsertCommand.builder("x", "tenant-b", SourceLink.ofSystem("crm"), Commands.T0).email(EMAIL_A).build(),
				List.of(), NOW))
			.contact();

		MergeOutcome outcome = engine.upsert(command("c1", 1).email(EMAIL_A).build(), List.of(other), NOW);

		assertThat(outcome).isInstanceOfSatisfying(Created.class, (created) -> {
			assertThat(created.contact().tenantId()).isEqualTo(new TenantId(Commands.TENANT));
			assertThat(created.ignored()).isEmpty();
		});
	}

	@Test
	void picksTheOldestOfSeveralMatchesAndReportsNoCollisionsWhenDuplicatesAreAllowed() {
		TenantPolicy duplicates = TenantPolicy.defaults().withAllowDuplicates(true);
		useEngine(duplicates);
		Contact oldest = created(command("a", 0).email(EMAIL_A).build(), Commands.NOW.minusSeconds(60));
		Contact twin = created(command("b", 0).email(EMAIL_A).createNewIfDuplicateAllowed(true).build());
		Contact phoneOwner = created(command("p", 0).phone(PHONE_B).createNewIfDuplicateAllowed(true).build());

		MergeOutcome outcome = upsert(command("c", 1).email(EMAIL_A).phone(PHONE_B).build());

		assertThat(twin.email()).contains(EMAIL_A);
		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().id()).isEqualTo(oldest.id());
			assertThat(updated.after().phone()).contains(PHONE_B);
			assertThat(updated.ignored()).isEmpty();
		});
		assertThat(stored(phoneOwner.id()).phone()).contains(PHONE_B);
	}

	@Test
	void isolatesTenantsThatShareIdentifiers() {
		TenantPolicies policies = new TenantPolicies(TenantPolicy.defaults(),
				Map.of(new TenantId("tenant-b"), TenantPolicy.defaults().withAllowDuplicates(true)));
		this.engine = new MergeEngine(policies);
		this.store = new InMemoryContacts(true);
		UpsertCommand inA = command("c1", 0).email(EMAIL_A).set(ContactField.CITY, "Austin").build();
		UpsertCommand inB = inA.toBuilder().tenantId("tenant-b").set(ContactField.CITY, "Boston").build();

		Contact a = created(inA);
		Contact b = created(inB);

		assertThat(a.id()).isNotEqualTo(b.id());
		assertThat(stored(a.id()).value(ContactField.CITY)).contains("Austin");
		assertThat(stored(b.id()).value(ContactField.CITY)).contains("Boston");
	}

	private void useEngine(TenantPolicy policy) {
		this.engine = engine(policy);
	}

	private Contact created(UpsertCommand command) {
		return created(command, NOW);
	}

	private Contact created(UpsertCommand command, java.time.Instant now) {
		MergeOutcome outcome = this.store.upsert(this.engine, command, now);
		assertThat(outcome).isInstanceOf(Created.class);
		return ((Created) outcome).contact();
	}

	private MergeOutcome upsert(UpsertCommand command) {
		return this.store.upsert(this.engine, command, NOW);
	}

	private Contact stored(ContactId id) {
		return this.store.all().stream().filter((contact) -> contact.id().equals(id)).findFirst().orElseThrow();
	}

}
