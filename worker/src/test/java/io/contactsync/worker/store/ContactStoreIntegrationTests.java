package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.contactsync.devstack.DevStackExtension;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's race rules, on the Mongo-wire server, with both index layouts (replica set
 * and sharded): the second creator of a person loses, a write that would take another
 * contact's identifier loses, a write computed from another version loses, and a round
 * trip keeps every stamp. A store of format-1 documents keeps working while they are
 * rewritten, and sheds the indexes of format 1 once none is left. The queries the docs
 * show users work with the plain driver.
 */
class ContactStoreIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

	private static final TenantId DUPLICATES = new TenantId("dup");

	private static final TenantPolicies policies = new TenantPolicies(TenantPolicy.defaults(),
			Map.of(DUPLICATES, TenantPolicy.defaults().withAllowDuplicates(true)));

	private static final MergeEngine engine = new MergeEngine(policies);

	private static MongoClient client;

	private MongoTemplate mongo;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(DevStackExtension.shared().mongoUri());
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void secondCreatorOfTheSamePersonLosesTheRace(boolean sharded) {
		ContactStore store = store(sharded);
		Contact byEmail = create("c1", "ann@example.org", null);
		Contact byEmailAndPhone = create("c2", "ann@example.org", "+14155550100");

		assertThat(store.write(List.of(new ContactWrite(byEmail, 0, List.of())))).isEmpty();
		Set<ContactId> lost = store.write(List.of(new ContactWrite(byEmailAndPhone, 0, List.of())));

		assertThat(lost).containsExactly(byEmailAndPhone.id());
		assertThat(store.findAll(new TenantId("t"))).extracting((c) -> c.contact().id()).containsExactly(byEmail.id());
	}

	/**
	 * A merge that did not see the other contact (it was created meanwhile) gives its
	 * contact an email the other one holds: the unique index makes that write lose, as a
	 * conflict to merge again, not as an error.
	 */
	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void writeThatWouldTakeAnotherContactsIdentifierLoses(boolean sharded) {
		ContactStore store = store(sharded);
		Contact ann = create("c1", "ann@example.org", null);
		Contact bob = create("c2", "bob@example.org", "+14155550102");
		store.write(List.of(new ContactWrite(ann, 0, List.of()), new ContactWrite(bob, 0, List.of())));
		UpsertCommand takesAnnsEmail = UpsertCommand.builder("c3", "t", new SourceLink("crm", null), T0.plusSeconds(10))
			.phone("+14155550102")
			.email("ann@example.org")
			.build();
		Contact bobWithAnnsEmail = ((Updated) engine.upsert(takesAnnsEmail, List.of(bob), T0)).after();
		assertThat(bobWithAnnsEmail.email()).contains("ann@example.org");

		Set<ContactId> lost = store.write(List.of(new ContactWrite(bobWithAnnsEmail, bob.version(), List.of())));

		assertThat(lost).containsExactly(bob.id());
		assertThat(store.load(List.of(lookup("c9", "bob@example.org")))).containsOnlyKeys(bob.id())
			.hasEntrySatisfying(bob.id(), (stored) -> assertThat(stored.contact()).isEqualTo(bob));
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void writeComputedFromAnOldVersionLoses(boolean sharded) {
		ContactStore store = store(sharded);
		Contact created = create("c1", "bob@example.org", null);
		store.write(List.of(new ContactWrite(created, 0, List.of())));
		Contact first = update(created, "c2", "Austin");
		Contact second = update(created, "c3", "Boston");

		assertThat(store.write(List.of(new ContactWrite(first, created.version(), List.of())))).isEmpty();
		Set<ContactId> lost = store.write(List.of(new ContactWrite(second, created.version(), List.of())));

		assertThat(lost).containsExactly(created.id());
		assertThat(store.findAll(new TenantId("t"))).singleElement()
			.satisfies((stored) -> assertThat(stored.contact().value(ContactField.CITY)).contains("Austin"));
	}

	/** Nor can a write expect a version the store has not reached. */
	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void writeExpectingAVersionNotStoredLoses(boolean sharded) {
		ContactStore store = store(sharded);
		Contact created = create("c1", "bob@example.org", null);
		store.write(List.of(new ContactWrite(created, 0, List.of())));
		Contact updated = update(created, "c2", "Austin");

		Set<ContactId> lost = store.write(List.of(new ContactWrite(updated, created.version() + 5, List.of())));

		assertThat(lost).containsExactly(created.id());
		assertThat(store.findAll(new TenantId("t"))).singleElement()
			.satisfies((stored) -> assertThat(stored.contact()).isEqualTo(created));
	}

	/**
	 * A tenant that allows duplicates may hold two contacts with one email: its shared
	 * identifiers are not unique, but each contact's own key still is, and a look-up by
	 * the email finds both.
	 */
	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void tenantAllowingDuplicatesHoldsTwoContactsWithOneEmail(boolean sharded) {
		ContactStore store = store(sharded);
		Contact first = create(DUPLICATES.value(), "c1", "ann@example.org", null);
		Contact second = create(DUPLICATES.value(), "c2", "ann@example.org", null);

		assertThat(store.write(List.of(new ContactWrite(first, 0, List.of())))).isEmpty();
		assertThat(store.write(List.of(new ContactWrite(second, 0, List.of())))).isEmpty();
		Set<ContactId> again = store.write(List.of(new ContactWrite(second, 0, List.of())));

		assertThat(again).containsExactly(second.id());
		assertThat(store.load(List.of(lookup(DUPLICATES.value(), "c9", "ann@example.org"))))
			.containsOnlyKeys(first.id(), second.id());
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void roundTripKeepsEveryStampAndTheOutbox(boolean sharded) {
		ContactStore store = store(sharded);
		Contact created = create("c1", "cy@example.org", "+14155550101");
		NormalizedCommand command = normalized(updateCommand(created, "c2", "Denver"));
		Updated updated = (Updated) engine.apply(command, List.of(created), T0);
		Contact contact = updated.after();
		Origin origin = new Origin("contact-sync", "contact-commands", 2, 77);
		PendingEvent kept = new PendingEvent("e1", created.version(), T0, origin, null, false, new byte[] { 1, 2, 3 },
				PendingEvent.Encoding.WIRE, T0.minusSeconds(1));
		ContactChange change = ContactChange.of(false, command, updated.changes(), updated.ignored());
		PendingEvent compact = new PendingEvent("e2", contact.version(), T0, origin, change, false, null,
				PendingEvent.Encoding.WIRE, T0);
		store.write(List.of(new ContactWrite(contact, 0, List.of(kept, compact))));

		StoredContact stored = store.load(List.of(lookup("c9", "cy@example.org"))).get(contact.id());

		assertThat(stored.contact()).isEqualTo(contact);
		assertThat(stored.outbox()).hasSize(2);
		assertThat(stored.outbox().get(0)).usingRecursiveComparison().isEqualTo(kept);
		assertThat(stored.outbox().get(1)).usingRecursiveComparison().ignoringFields("change").isEqualTo(compact);
		assertThat(stored.outbox().get(1).change().withNewValuesOf(stored.contact())).isEqualTo(change);
	}

	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void lookupOfManyKeysAcrossTenantsFindsEveryContactOnce(boolean sharded) {
		ContactStore store = store(sharded);
		int people = ContactStore.KEYS_PER_QUERY * 2 + 7;
		List<ContactWrite> writes = new ArrayList<>();
		List<LookupKeys> lookups = new ArrayList<>();
		for (int i = 0; i < people; i++) {
			String tenant = (i % 2 == 0) ? "t" : "u";
			String email = "p" + i + "@example.org";
			writes.add(new ContactWrite(create(tenant, "c" + i, email, "+1415555" + String.format("%04d", i)), 0,
					List.of()));
			lookups.add(lookup(tenant, "l" + i, email));
		}
		// A key nobody has, and the other tenant's copy of a taken email, find nothing.
		lookups.add(lookup("t", "l-none", "nobody@example.org"));
		lookups.add(lookup("t", "l-other", "p1@example.org"));
		assertThat(store.write(writes)).isEmpty();

		Map<ContactId, StoredContact> found = store.load(lookups);

		assertThat(found.keySet())
			.containsExactlyInAnyOrderElementsOf(writes.stream().map((write) -> write.contact().id()).toList());
	}

	/**
	 * An upgrade: a store of format-1 documents (one of them with keys spelled as 0.1
	 * did), with the indexes 0.2 made. The first start rewrites every one in format 2,
	 * outbox included, and retires the indexes of format 1; its contacts are then found
	 * by their keys, new contacts are created beside them, and a later start finds
	 * nothing to do.
	 */
	@ParameterizedTest(name = "sharded={0}")
	@ValueSource(booleans = { false, true })
	void upgradesAStoreOfFormatOneDocuments(boolean sharded) {
		this.mongo = database();
		createFormatOneIndexes(sharded);
		Contact ann = create("c1", "ann@example.org", "+14155550101");
		Contact bob = create("c2", "bob@example.org", null);
		Contact odd = create("c3", "a%b@example.org", null);
		PendingEvent unpublished = new PendingEvent("e1", 1, T0, null, null, false, new byte[] { 4, 2 },
				PendingEvent.Encoding.SINGLE_OBJECT, null);
		String oldSpelling = "t|e|a%b@example.org";
		contacts().insertMany(List.of(FormatOneDocuments.of(ann, List.of(unpublished), false),
				FormatOneDocuments.of(bob, List.of(), false),
				FormatOneDocuments.of(odd, List.of(), false)
					.append("keys", List.of(oldSpelling))
					.append("uniqueKeys", List.of(oldSpelling))));

		ContactStore store = store(this.mongo, sharded);

		assertThat(contacts().find(Filters.exists("_sync", false)).first()).isNull();
		assertThat(indexNames())
			.doesNotContain("unique_identity", "tenant_unique_identity", "tenant_lookup_keys", "revision",
					"pending_outbox")
			.contains(sharded ? "tenant_identity" : "identity", "tenant_shared_keys");
		Map<ContactId, StoredContact> found = store.load(List.of(lookup("c8", "ann@example.org"),
				lookup("c9", "bob@example.org"), lookup("c10", "a%b@example.org")));
		assertThat(found).containsOnlyKeys(ann.id(), bob.id(), odd.id());
		assertThat(found.get(ann.id()).contact()).isEqualTo(ann);
		assertThat(found.get(odd.id()).contact()).isEqualTo(odd);
		assertThat(found.get(ann.id()).outbox()).singleElement().usingRecursiveComparison().isEqualTo(unpublished);
		Document rewritten = contacts().find(Filters.eq("_id", ann.id().value())).first();
		assertThat(rewritten.get("_sync", Document.class).getInteger("format")).isEqualTo(2);
		assertThat(rewritten).doesNotContainKeys("keys", "uniqueKeys", "revision", "outboxSince", "fields", "stamps");
		assertThat(rewritten.get("email")).isEqualTo("ann@example.org");

		// New contacts beside the rewritten ones; identifiers stay unique.
		Contact cy = create("c4", "cy@example.org", null);
		assertThat(store.write(List.of(new ContactWrite(cy, 0, List.of())))).isEmpty();
		assertThat(store.write(List.of(new ContactWrite(create("c5", "ann@example.org", null), 0, List.of()))))
			.hasSize(1);
		Contact annMoved = update(ann, "c6", "Austin");
		assertThat(store.write(List.of(new ContactWrite(annMoved, ann.version(), found.get(ann.id()).outbox()))))
			.isEmpty();

		assertThat(store(this.mongo, sharded).load(List.of(lookup("c8", "ann@example.org"))).get(ann.id()).contact())
			.isEqualTo(annMoved);
	}

	/**
	 * A document it cannot rewrite stops the start, named by id and never by its values.
	 */
	@Test
	void anUnreadableFormatOneDocumentStopsTheStartNamingItsId() {
		this.mongo = database();
		Contact ann = create("c1", "ann@example.org", null);
		contacts().insertOne(FormatOneDocuments.of(ann, List.of(), false).append("fields", "edited by hand"));

		assertThatThrownBy(() -> store(this.mongo, false)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining(ann.id().value())
			.hasMessageNotContaining("ann@example.org");
		assertThat(indexNames()).doesNotContain("identity");
	}

	/**
	 * The queries the docs show users, with the plain driver and the names and types a
	 * person expects: each finds the contact that has the value, and not the other one.
	 */
	@Test
	void plainQueriesOnCurrentValuesFindTheContact() {
		ContactStore store = store(false);
		Contact ann = ((Created) engine.upsert(UpsertCommand.builder("c1", "t", new SourceLink("crm", "r-1"), T0)
			.email("Ann@Example.org")
			.set(ContactField.DND, "true")
			.replaceTags("VIP", "lead")
			.customField("plan", new CustomValue.Text("gold"))
			.customField("score", new CustomValue.Number(new BigDecimal("12.5")))
			.customField("a.b", new CustomValue.Text("dotted"))
			.dnd(DndChannel.SMS, DndSetting.of(DndStatus.ACTIVE))
			.build(), List.of(), T0)).contact();
		Contact bob = ((Created) engine.upsert(UpsertCommand.builder("c2", "t", new SourceLink("crm", "r-2"), T0)
			.email("bob@example.org")
			.set(ContactField.DND, "false")
			.replaceTags("lead")
			.customField("plan", new CustomValue.Text("silver"))
			.customField("score", new CustomValue.Number(new BigDecimal("3")))
			.build(), List.of(), T0)).contact();
		store.write(List.of(new ContactWrite(ann, 0, List.of()), new ContactWrite(bob, 0, List.of())));

		assertThat(idsOf(Filters.eq("email", "ann@example.org"))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("tags", "vip"))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("tags", "lead"))).containsExactlyInAnyOrder(ann.id().value(), bob.id().value());
		assertThat(idsOf(new Document("customFields.plan", "gold"))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("customFields.a%2Eb", "dotted"))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("dnd", true))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("dndSettings.SMS.status", "ACTIVE"))).containsExactly(ann.id().value());
		assertThat(idsOf(new Document("customFields.score", new Decimal128(new BigDecimal("12.5")))))
			.containsExactly(ann.id().value());
		assertThat(idsOf(Filters.gt("customFields.score", new Decimal128(BigDecimal.TEN))))
			.containsExactly(ann.id().value());
	}

	private List<String> idsOf(Bson filter) {
		List<String> ids = new ArrayList<>();
		contacts().find(filter).forEach((doc) -> ids.add(doc.getString("_id")));
		return ids;
	}

	/** The indexes 0.2 made, as its {@code ensureIndexes} did. */
	private void createFormatOneIndexes(boolean sharded) {
		MongoCollection<Document> contacts = contacts();
		if (sharded) {
			contacts.createIndex(Indexes.ascending("tenantId", "uniqueKeys"),
					new IndexOptions().unique(true).name("tenant_unique_identity"));
		}
		else {
			contacts.createIndex(Indexes.ascending("uniqueKeys"),
					new IndexOptions().unique(true).name("unique_identity"));
			contacts.createIndex(Indexes.ascending("revision"), new IndexOptions().unique(true).name("revision"));
		}
		contacts.createIndex(Indexes.ascending("tenantId", "keys"), new IndexOptions().name("tenant_lookup_keys"));
		contacts.createIndex(Indexes.ascending("outboxSince"), new IndexOptions().sparse(true).name("pending_outbox"));
	}

	private List<String> indexNames() {
		List<String> names = new ArrayList<>();
		contacts().listIndexes().forEach((index) -> names.add(index.getString("name")));
		return names;
	}

	private MongoCollection<Document> contacts() {
		return this.mongo.getCollection("contacts");
	}

	private static MongoTemplate database() {
		return new MongoTemplate(client, "store_" + UUID.randomUUID().toString().substring(0, 8));
	}

	private ContactStore store(boolean sharded) {
		this.mongo = database();
		return store(this.mongo, sharded);
	}

	private static ContactStore store(MongoTemplate mongo, boolean sharded) {
		ContactStore store = new ContactStore(mongo, new StoreSettings("contacts", sharded), policies);
		store.ensureIndexes();
		return store;
	}

	private static Contact create(String commandId, String email, String phone) {
		return create("t", commandId, email, phone);
	}

	private static Contact create(String tenant, String commandId, String email, String phone) {
		UpsertCommand command = UpsertCommand.builder(commandId, tenant, new SourceLink("crm", null), T0)
			.email(email)
			.phone(phone)
			.build();
		return ((Created) engine.upsert(command, List.of(), T0)).contact();
	}

	private static UpsertCommand updateCommand(Contact contact, String commandId, String city) {
		return UpsertCommand
			.builder(commandId, "t", new SourceLink("crm", null), T0.plusSeconds(commandId.hashCode() & 0xff))
			.email(contact.email().orElseThrow())
			.set(ContactField.CITY, city)
			.build();
	}

	private static Contact update(Contact contact, String commandId, String city) {
		return ((Updated) engine.upsert(updateCommand(contact, commandId, city), List.of(contact), T0)).after();
	}

	private static NormalizedCommand normalized(UpsertCommand command) {
		return (NormalizedCommand) engine.normalize(command);
	}

	private static LookupKeys lookup(String commandId, String email) {
		return lookup("t", commandId, email);
	}

	private static LookupKeys lookup(String tenant, String commandId, String email) {
		UpsertCommand command = UpsertCommand.builder(commandId, tenant, new SourceLink("crm", null), T0)
			.email(email)
			.build();
		return normalized(command).lookupKeys();
	}

}
