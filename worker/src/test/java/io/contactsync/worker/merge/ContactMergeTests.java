package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.contactsync.worker.merge.Commands.NOW;
import static io.contactsync.worker.merge.Commands.command;
import static io.contactsync.worker.merge.Commands.engine;
import static io.contactsync.worker.merge.Commands.normalized;
import static org.assertj.core.api.Assertions.assertThat;

class ContactMergeTests {

	private static final SourceLink ANN_IN_HIGHLEVEL = new SourceLink("highlevel", "hl-ann");

	private final MergeEngine engine = engine();

	private final InMemoryContacts store = new InMemoryContacts(this.engine);

	@Test
	void createsContactWhenNoneExists() {
		MergeOutcome outcome = this.store.upsert(Commands.ann("c1", 0).build());

		assertThat(outcome).isInstanceOfSatisfying(Created.class, (created) -> {
			Contact contact = created.contact();
			assertThat(contact.id())
				.isEqualTo(ContactId.forCreation(new TenantId(Commands.TENANT), new CommandId("highlevel", "c1")));
			assertThat(contact.version()).isEqualTo(1);
			assertThat(contact.createdAt()).isEqualTo(NOW);
			assertThat(contact.updatedAt()).isEqualTo(NOW);
			assertThat(contact.email()).contains("ann@example.org");
			assertThat(contact.phone()).contains("+14155550101");
			assertThat(created.changes()).containsExactly(new FieldChange("email", null, "ann@example.org"),
					new FieldChange("phone", null, "+14155550101"), new FieldChange("firstName", null, "Ann"),
					new FieldChange("lastName", null, "Lee"));
			assertThat(created.ignored()).isEmpty();
		});
	}

	@Test
	void keepsNewerEmailWhenCommandIsStale() {
		this.store.upsert(linkedAnn("c1", 10).email("new@example.org").set(ContactField.FIRST_NAME, "Ann").build());

		MergeOutcome outcome = this.store.upsert(linkedAnn("c0", 5).email("old@example.org")
			.set(ContactField.FIRST_NAME, "Anne")
			.set(ContactField.CITY, "Dolomite")
			.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.after().email()).contains("new@example.org");
			assertThat(updated.after().value(ContactField.FIRST_NAME)).contains("Ann");
			assertThat(updated.changes()).containsExactly(new FieldChange("city", null, "Dolomite"));
			assertThat(updated.staleFieldsDropped()).isEqualTo(2);
			assertThat(updated.matchedBy()).isEqualTo(MatchedBy.SOURCE_LINK);
		});
	}

	@Test
	void reportsUnchangedWhenEveryWriteIsStale() {
		this.store.upsert(linkedAnn("c1", 10).set(ContactField.FIRST_NAME, "Ann").build());

		MergeOutcome outcome = this.store.upsert(linkedAnn("c0", 5).set(ContactField.FIRST_NAME, "Anne").build());

		assertThat(outcome).isEqualTo(new Unchanged(this.store.single(), false, 1, List.of()));
	}

	@Test
	void keepsClearedFieldClearedAgainstAnOlderSet() {
		this.store.upsert(linkedAnn("c1", 0).set(ContactField.FIRST_NAME, "Ann").build());
		this.store.upsert(linkedAnn("c3", 10).clear(ContactField.FIRST_NAME).build());

		MergeOutcome late = this.store.upsert(linkedAnn("c2", 5).set(ContactField.FIRST_NAME, "Anne").build());

		assertThat(late).isInstanceOf(Unchanged.class);
		assertThat(this.store.single().value(ContactField.FIRST_NAME)).isEmpty();
		assertThat(this.store.single().fieldStates().get(ContactField.FIRST_NAME))
			.isEqualTo(Stamped.cleared(new Stamp(Commands.at(10), "highlevel/c3")));
	}

	@Test
	void remembersAClearOfAFieldThatWasNeverSet() {
		this.store.upsert(linkedAnn("c2", 10).clear(ContactField.COMPANY_NAME).build());

		this.store.upsert(linkedAnn("c1", 5).set(ContactField.COMPANY_NAME, "Acme").build());

		assertThat(this.store.single().value(ContactField.COMPANY_NAME)).isEmpty();
	}

	@Test
	void changesNothingWhenTheSameCommandIsAppliedAgain() {
		UpsertCommand command = Commands.ann("c1", 0)
			.addTags("vip")
			.customField("plan", new CustomValue.Text("gold"))
			.build();
		this.store.upsert(command);
		Contact stored = this.store.single();

		MergeOutcome again = this.store.upsert(command);

		assertThat(again).isEqualTo(new Unchanged(stored, true, 0, List.of()));
	}

	@Test
	void advancesWriteStampsWithoutVisibleChangeWhenANewerCommandRepeatsValues() {
		this.store.upsert(Commands.ann("c1", 0).build());

		MergeOutcome outcome = this.store.upsert(Commands.ann("c2", 5).build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.changes()).isEmpty();
			assertThat(updated.after().version()).isEqualTo(2);
			assertThat(updated.after().stampOf(ContactField.FIRST_NAME))
				.contains(new Stamp(Commands.at(5), "highlevel/c2"));
		});
	}

	@Test
	void breaksTiesOnTimeByCommandId() {
		UpsertCommand a = linkedAnn("cmd-a", 5).set(ContactField.CITY, "Austin").build();
		UpsertCommand b = linkedAnn("cmd-b", 5).set(ContactField.CITY, "Boston").build();
		InMemoryContacts other = new InMemoryContacts();

		this.store.upsert(a);
		this.store.upsert(b);
		other.upsert(this.engine, b, NOW);
		other.upsert(this.engine, a, NOW);

		assertThat(this.store.single().value(ContactField.CITY)).contains("Boston");
		assertThat(ContactState.of(other.all().iterator().next())).isEqualTo(ContactState.of(this.store.single()));
	}

	@Test
	void increasesVersionByOnePerStoredChange() {
		this.store.upsert(linkedAnn("c1", 0).build());
		this.store.upsert(linkedAnn("c2", 1).set(ContactField.CITY, "Dolomite").build());
		this.store.upsert(linkedAnn("c2", 1).set(ContactField.CITY, "Dolomite").build());
		MergeOutcome outcome = this.store.upsert(linkedAnn("c3", 2).set(ContactField.STATE, "AL").build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> {
			assertThat(updated.before().version()).isEqualTo(2);
			assertThat(updated.after().version()).isEqualTo(3);
			assertThat(updated.after().updatedAt()).isEqualTo(NOW);
		});
	}

	@Test
	void replacesTagsAndKeepsOnlyAddsAndRemovesNewerThanTheReplace() {
		this.store.upsert(linkedAnn("c1", 5).addTags("x").build());
		this.store.upsert(linkedAnn("c4", 15).addTags("c").build());
		this.store.upsert(linkedAnn("c3", 12).removeTags("a").build());
		this.store.upsert(linkedAnn("c2", 10).replaceTags("a", "b").build());
		MergeOutcome late = this.store.upsert(linkedAnn("c0", 8).addTags("y").build());

		assertThat(this.store.single().tags()).containsExactly("b", "c");
		assertThat(this.store.single().tagSet().writes()).containsOnlyKeys("a", "c");
		assertThat(late).isInstanceOfSatisfying(Unchanged.class,
				(unchanged) -> assertThat(unchanged.staleFieldsDropped()).isEqualTo(1));
	}

	@Test
	void ignoresAReplaceOlderThanTheLatestReplace() {
		this.store.upsert(linkedAnn("c2", 10).replaceTags("new").build());

		MergeOutcome outcome = this.store.upsert(linkedAnn("c1", 5).replaceTags("old").build());

		assertThat(outcome).isInstanceOf(Unchanged.class);
		assertThat(this.store.single().tags()).containsExactly("new");
	}

	@Test
	void reportsTagChangesAsJsonLists() {
		this.store.upsert(linkedAnn("c1", 0).replaceTags("Nisi Sint Commodo Amet", "consequat").build());

		MergeOutcome outcome = this.store.upsert(linkedAnn("c2", 1).replaceTags("vip").build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class, (updated) -> assertThat(updated.changes())
			.containsExactly(new FieldChange("tags", "[\"consequat\",\"nisi sint commodo amet\"]", "[\"vip\"]")));
	}

	@Test
	void mergesCustomFieldsPerKey() {
		this.store.upsert(linkedAnn("c1", 5).customField("k1", new CustomValue.Text("one"))
			.customField("k2", new CustomValue.Number(new BigDecimal("2")))
			.build());
		MergeOutcome cleared = this.store.upsert(linkedAnn("c3", 10).clearCustomField("k1").build());
		this.store.upsert(linkedAnn("c2", 7).customField("k1", new CustomValue.Text("late")).build());

		assertThat(this.store.single().customFields())
			.containsExactly(java.util.Map.entry("k2", new CustomValue.Number(new BigDecimal("2"))));
		assertThat(cleared).isInstanceOfSatisfying(Updated.class, (updated) -> assertThat(updated.changes())
			.containsExactly(new FieldChange("customFields.k1", "one", null)));
	}

	@Test
	void mergesDndSettingsPerChannel() {
		this.store
			.upsert(linkedAnn("c1", 5).dnd(DndChannel.EMAIL, new DndSetting(DndStatus.ACTIVE, "unsubscribed", "U1"))
				.dnd(DndChannel.SMS, DndSetting.of(DndStatus.ACTIVE))
				.build());

		MergeOutcome outcome = this.store
			.upsert(linkedAnn("c2", 6).dnd(DndChannel.EMAIL, DndSetting.of(DndStatus.INACTIVE))
				.clearDnd(DndChannel.SMS)
				.build());

		assertThat(this.store.single().dndSettings())
			.containsExactly(java.util.Map.entry(DndChannel.EMAIL, DndSetting.of(DndStatus.INACTIVE)));
		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.changes()).containsExactly(
						new FieldChange("dndSettings.EMAIL",
								"{\"status\":\"ACTIVE\",\"message\":\"unsubscribed\",\"code\":\"U1\"}",
								"{\"status\":\"INACTIVE\"}"),
						new FieldChange("dndSettings.SMS", "{\"status\":\"ACTIVE\"}", null)));
	}

	@Test
	void reportsChangesWithContractPathsInAStableOrder() {
		this.store.upsert(command("c1", 0).email("ann@example.org").build());

		MergeOutcome outcome = this.store.upsert(command("c2", 1).email("ann@example.org")
			.source(new SourceLink("notifuse", "user_1"))
			.set(ContactField.DATE_OF_BIRTH, "09/25/1990")
			.set(ContactField.ADDRESS_LINE1, "3535 1st St N")
			.set(ContactField.DND, "true")
			.addTags("vip")
			.customField("plan", new CustomValue.ListOf(List.of("a", "b")))
			.dnd(DndChannel.WHATSAPP, DndSetting.of(DndStatus.PERMANENT))
			.build());

		assertThat(outcome).isInstanceOfSatisfying(Updated.class,
				(updated) -> assertThat(updated.changes()).containsExactly(
						new FieldChange("dateOfBirth", null, "1990-09-25"),
						new FieldChange("addressLine1", null, "3535 1st St N"), new FieldChange("dnd", null, "true"),
						new FieldChange("tags", null, "[\"vip\"]"),
						new FieldChange("customFields.plan", null, "[\"a\",\"b\"]"),
						new FieldChange("dndSettings.WHATSAPP", null, "{\"status\":\"PERMANENT\"}"),
						new FieldChange("sources", null, "[{\"system\":\"notifuse\",\"recordId\":\"user_1\"}]")));
	}

	@Test
	void rendersCustomValuesForChangeReports() {
		assertThat(new CustomValue.Text("My Text").display()).isEqualTo("My Text");
		assertThat(new CustomValue.Number(new BigDecimal("100.50")).display()).isEqualTo("100.5");
		assertThat(new CustomValue.Number(new BigDecimal("1E+3")).display()).isEqualTo("1000");
		assertThat(new CustomValue.Monetary(new BigDecimal("9.90"), "USD").display())
			.isEqualTo("{\"amount\":\"9.9\",\"currency\":\"USD\"}");
		assertThat(new CustomValue.DateTime(Instant.parse("2023-06-01T09:00:00.123456Z")).display())
			.isEqualTo("2023-06-01T09:00:00.123Z");
		assertThat(new CustomValue.Bool(true).display()).isEqualTo("true");
		assertThat(new CustomValue.ListOf(List.of("test", "te\"st2")).display()).isEqualTo("[\"test\",\"te\\\"st2\"]");
		assertThat(new CustomValue.Json("{\"a\":1}").display()).isEqualTo("{\"a\":1}");
		assertThat(new CustomValue.FileRef("https://x/y", "w2M9", "IMG.jpg", "image/jpeg", 1786611L).display())
			.isEqualTo(
					"{\"url\":\"https://x/y\",\"documentId\":\"w2M9\",\"fileName\":\"IMG.jpg\",\"mimeType\":\"image/jpeg\",\"sizeBytes\":1786611}");
	}

	@Test
	void rebuildsAnEqualContactFromItsParts() {
		this.store.upsert(linkedAnn("c1", 0).addTags("vip").customField("k", new CustomValue.Bool(false)).build());
		Contact stored = this.store.single();

		Contact rebuilt = new Contact(new ContactId(stored.id().value()), new TenantId(stored.tenantId().value()),
				stored.version(), stored.createdAt(), stored.updatedAt(), new java.util.HashMap<>(stored.fieldStates()),
				new TagSet(stored.tagSet().replacedAt(), new java.util.HashSet<>(stored.tagSet().replaced()),
						new java.util.HashMap<>(stored.tagSet().writes())),
				new java.util.HashMap<>(stored.customFieldStates()), new java.util.HashMap<>(stored.dndStates()),
				new java.util.HashSet<>(stored.sources()));

		assertThat(rebuilt).isEqualTo(stored);
	}

	private UpsertCommand.Builder linkedAnn(String commandId, int minutes) {
		return command(commandId, minutes).source(ANN_IN_HIGHLEVEL);
	}

	@Test
	void normalizesBeforeApplyingInOneStep() {
		MergeOutcome outcome = this.engine.upsert(command("c1", 0).email("bad@").build(), List.of(), NOW);

		assertThat(outcome).isEqualTo(new Rejected(List.of(new Violation("email", "is not a valid email address"))));
		assertThat(normalized(this.engine, Commands.ann("c2", 0).build()).stamp())
			.isEqualTo(new Stamp(Commands.at(0), "highlevel/c2"));
	}

}
