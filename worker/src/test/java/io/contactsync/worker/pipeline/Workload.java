package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import io.contactsync.contracts.ContactField;
import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.CustomField;
import io.contactsync.contracts.SourceRef;
import io.contactsync.contracts.TextValue;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.Updated;

/**
 * Seeded traffic about a few overlapping people, for the end-to-end convergence tests:
 * every command carries its person's email, about half also the phone, and half are keyed
 * by phone, so one person's commands travel on several partitions and race each other.
 * Occurred-at times are shuffled (stale writes happen) and some commands are sent twice.
 */
final class Workload {

	/** One record to publish. */
	record Record(String key, ContactUpsertCommand command) {
	}

	/** What must converge: a contact minus its id, version and wall-clock times. */
	record State(Map<io.contactsync.worker.merge.ContactField, Stamped<String>> fields, TagSet tags,
			Map<String, Stamped<CustomValue>> customFields, Map<DndChannel, Stamped<DndSetting>> dnd,
			java.util.Set<SourceLink> sources) {

		static State of(Contact contact) {
			return new State(contact.fieldStates(), contact.tagSet(), contact.customFieldStates(), contact.dndStates(),
					contact.sources());
		}

	}

	private static final List<String> CITIES = List.of("Austin", "Boston", "Chicago", "Denver");

	private static final List<String> TAGS = List.of("lead", "vip", "churned", "trial");

	private Workload() {
	}

	static List<Record> generate(long seed, String tenant, int people, int commands) {
		SplittableRandom random = new SplittableRandom(seed);
		Instant base = Instant.parse("2026-06-01T00:00:00Z");
		List<Record> records = new ArrayList<>(commands);
		for (int i = 0; i < commands; i++) {
			int person = random.nextInt(people);
			String email = "person" + person + "@example.org";
			String phone = String.format("+1415555%04d", person);
			var command = ContactUpsertCommand.newBuilder()
				.setCommandId(UUID.nameUUIDFromBytes((seed + "/" + i).getBytes()).toString())
				.setTenantId(tenant)
				.setSource(new SourceRef("crm-" + random.nextInt(2), "rec-" + person))
				.setOccurredAt(base.plusSeconds(random.nextInt(600)))
				.setEmail(email);
			if (random.nextBoolean()) {
				command.setPhone(phone);
			}
			switch (random.nextInt(5)) {
				case 0 -> command.setCity(CITIES.get(random.nextInt(CITIES.size())));
				case 1 -> command.setFirstName("Name" + random.nextInt(5));
				case 2 -> command.setAddTags(List.of(TAGS.get(random.nextInt(TAGS.size()))));
				case 3 -> command
					.setCustomFields(List.of(new CustomField("plan", new TextValue("plan-" + random.nextInt(3)))));
				default -> command.setClear(List.of(ContactField.CITY));
			}
			ContactUpsertCommand built = command.build();
			String key = (built.getPhone() != null && random.nextBoolean()) ? tenant + "|p|" + phone
					: tenant + "|e|" + email;
			records.add(new Record(key, built));
			if (random.nextInt(10) == 0) {
				records.add(new Record(key, built));
			}
		}
		return records;
	}

	/**
	 * The expected end state: the same commands applied one by one, in publish order,
	 * with the merge engine and an in-memory store. Keyed by email.
	 */
	static Map<String, State> serial(List<Record> records) {
		MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));
		Map<ContactId, Contact> contacts = new HashMap<>();
		Instant now = Instant.now();
		for (Record record : records) {
			NormalizedCommand command = (NormalizedCommand) engine.normalize(CommandMapping.toDomain(record.command()));
			MergeOutcome outcome = engine.apply(command, candidates(contacts, command.lookupKeys()), now);
			if (outcome instanceof Created created) {
				contacts.put(created.contact().id(), created.contact());
			}
			else if (outcome instanceof Updated updated) {
				contacts.put(updated.after().id(), updated.after());
			}
		}
		return byEmail(contacts.values());
	}

	static Map<String, State> byEmail(java.util.Collection<Contact> contacts) {
		Map<String, State> states = new HashMap<>();
		for (Contact contact : contacts) {
			String email = contact.email().orElseThrow();
			if (states.put(email, State.of(contact)) != null) {
				throw new AssertionError("two contacts own " + email);
			}
		}
		return states;
	}

	private static List<Contact> candidates(Map<ContactId, Contact> contacts, LookupKeys keys) {
		return contacts.values()
			.stream()
			.filter((c) -> c.id().equals(keys.createdContactId())
					|| keys.sourceLink().map(c.sources()::contains).orElse(false)
					|| keys.email().map((e) -> e.equals(c.email().orElse(null))).orElse(false)
					|| keys.phone().map((p) -> p.equals(c.phone().orElse(null))).orElse(false))
			.toList();
	}

}
