package io.contactsync.worker.merge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.contactsync.worker.merge.Commands.command;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one contact may hold ({@link Limits}): a command that would grow a contact past a
 * limit is rejected and changes nothing; a contact already past a limit (stored before
 * the limit existed) can still be changed and shrunk; the oldest tombstones beyond the
 * budget are forgotten.
 * <p>
 * <b>Replaying a property failure.</b> Every failure message of the seeded properties
 * starts with {@code seed=N}; run only that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=ContactBudgetTests -Dbudget.seed=N}, or more
 * seeds with {@code -Dbudget.seeds=2000}.
 */
class ContactBudgetTests {

	static final int SEEDS = 100;

	/** 3 tags, 2 custom fields, 2 source links, 4 tombstones, 1 KiB of values. */
	private static final Limits SMALL = new Limits(Duration.ofMinutes(10), 3, 2, 2, 4, 1024);

	private static final String EMAIL = "ann@example.org";

	/** Values of 400 characters: two fit in 1 KiB with the email, three do not. */
	private static final String BIG = "x".repeat(400);

	private static final List<ContactField> BIG_FIELDS = List.of(ContactField.ADDRESS_LINE1, ContactField.ADDRESS_LINE2,
			ContactField.COMPANY_NAME, ContactField.JOB_TITLE, ContactField.CITY, ContactField.STATE,
			ContactField.WEBSITE);

	private final MergeEngine small = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()), SMALL);

	private final MergeEngine roomy = Commands.engine();

	/** One limit, and how a command grows or shrinks the contact along it. */
	enum Budget {

		TAGS(3, new Violation("tags", "would give the contact more than 3 tags")) {
			@Override
			UpsertCommand.Builder add(UpsertCommand.Builder command, int item) {
				return command.addTags("tag" + item);
			}

			@Override
			UpsertCommand.Builder remove(UpsertCommand.Builder command, int item) {
				return command.removeTags("tag" + item);
			}

			@Override
			int size(Contact contact) {
				return contact.tags().size();
			}
		},

		CUSTOM_FIELDS(2, new Violation("customFields", "would give the contact more than 2 custom fields")) {
			@Override
			UpsertCommand.Builder add(UpsertCommand.Builder command, int item) {
				return command.customField("key" + item, new CustomValue.Text("v"));
			}

			@Override
			UpsertCommand.Builder remove(UpsertCommand.Builder command, int item) {
				return command.clearCustomField("key" + item);
			}

			@Override
			int size(Contact contact) {
				return contact.customFields().size();
			}
		},

		/** Links are never removed: they can only stay or grow. */
		SOURCE_LINKS(2, new Violation("source", "would link the contact to more than 2 source records")) {
			@Override
			UpsertCommand.Builder add(UpsertCommand.Builder command, int item) {
				return command.source(new SourceLink("crm", "record-" + item));
			}

			@Override
			UpsertCommand.Builder remove(UpsertCommand.Builder command, int item) {
				throw new UnsupportedOperationException("a source link cannot be removed");
			}

			@Override
			int size(Contact contact) {
				return contact.sources().size();
			}
		},

		CONTACT_BYTES(2, new Violation("contact", "would grow the contact's values past 1024 bytes")) {
			@Override
			UpsertCommand.Builder add(UpsertCommand.Builder command, int item) {
				return command.set(BIG_FIELDS.get(item), BIG);
			}

			@Override
			UpsertCommand.Builder remove(UpsertCommand.Builder command, int item) {
				return command.clear(BIG_FIELDS.get(item));
			}

			@Override
			int size(Contact contact) {
				return (int) BIG_FIELDS.stream().filter((field) -> contact.value(field).isPresent()).count();
			}
		};

		/** Items a contact may hold within {@link #SMALL}. */
		final int allowed;

		final Violation violation;

		Budget(int allowed, Violation violation) {
			this.allowed = allowed;
			this.violation = violation;
		}

		abstract UpsertCommand.Builder add(UpsertCommand.Builder command, int item);

		abstract UpsertCommand.Builder remove(UpsertCommand.Builder command, int item);

		abstract int size(Contact contact);

	}

	@ParameterizedTest
	@EnumSource(Budget.class)
	void refusesACommandThatWouldGrowTheContactPastALimit(Budget budget) {
		InMemoryContacts store = new InMemoryContacts(this.small);
		int minute = fill(store, budget, budget.allowed);
		Contact full = store.single();

		MergeOutcome outcome = store.upsert(budget.add(ann("grow", minute), budget.allowed).build());

		assertThat(outcome).isEqualTo(new Rejected(List.of(budget.violation)));
		assertThat(store.single()).isSameAs(full);
		assertThat(budget.size(full)).isEqualTo(budget.allowed);
	}

	@Test
	void rejectionFromApplyLeavesTheCandidateAsItWas() {
		InMemoryContacts store = new InMemoryContacts(this.small);
		fill(store, Budget.TAGS, 3);
		Contact full = store.single();
		ContactState before = ContactState.of(full);
		NormalizedCommand grow = Commands.normalized(this.small, ann("grow", 9).addTags("tag9").build());

		MergeOutcome first = this.small.apply(grow, List.of(full), Commands.NOW);
		MergeOutcome again = this.small.apply(grow, List.of(full), Commands.NOW.plusSeconds(1));

		assertThat(first).isInstanceOf(Rejected.class).isEqualTo(again);
		assertThat(ContactState.of(full)).isEqualTo(before);
		assertThat(full.tags()).containsExactly("tag0", "tag1", "tag2");
	}

	@ParameterizedTest
	@EnumSource(value = Budget.class, names = { "TAGS", "CUSTOM_FIELDS", "CONTACT_BYTES" })
	void refusesToCreateAContactPastALimit(Budget budget) {
		InMemoryContacts store = new InMemoryContacts(this.small);
		UpsertCommand.Builder create = ann("create", 0);
		for (int item = 0; item <= budget.allowed; item++) {
			budget.add(create, item);
		}

		MergeOutcome outcome = store.upsert(create.build());

		assertThat(outcome).isEqualTo(new Rejected(List.of(budget.violation)));
		assertThat(store.all()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(value = Budget.class, names = { "TAGS", "CUSTOM_FIELDS", "CONTACT_BYTES" })
	void acceptsChangesThatKeepAFullContactWithinALimit(Budget budget) {
		InMemoryContacts store = new InMemoryContacts(this.small);
		int minute = fill(store, budget, budget.allowed);

		MergeOutcome swap = store.upsert(budget.add(budget.remove(ann("swap", minute), 0), budget.allowed).build());
		MergeOutcome other = store.upsert(ann("other", minute + 1).set(ContactField.FIRST_NAME, "Ann").build());

		assertThat(swap).isInstanceOf(Updated.class);
		assertThat(budget.size(store.single())).isEqualTo(budget.allowed);
		assertThat(other).as("a small change elsewhere").isInstanceOf(Updated.class);
	}

	/**
	 * A contact stored before the limits existed stays usable: a change that does not
	 * grow it along the limit it is past is applied, a shrink too; only growing it
	 * further is refused.
	 */
	@ParameterizedTest
	@EnumSource(Budget.class)
	void letsAContactAlreadyPastALimitBeChangedAndShrunk(Budget budget) {
		InMemoryContacts store = new InMemoryContacts(this.roomy);
		int past = budget.allowed + 2;
		int minute = fill(store, budget, past);
		store.use(this.small);

		// DND settings without a message or code add no bytes: a change along no limit.
		MergeOutcome unrelated = store
			.upsert(ann("unrelated", minute++).dnd(DndChannel.EMAIL, DndSetting.of(DndStatus.ACTIVE)).build());
		assertThat(unrelated).isInstanceOf(Updated.class);
		assertThat(budget.size(store.single())).isEqualTo(past);
		if (budget != Budget.SOURCE_LINKS) {
			MergeOutcome swap = store.upsert(budget.add(budget.remove(ann("swap", minute++), 0), past).build());
			assertThat(swap).isInstanceOf(Updated.class);
			assertThat(budget.size(store.single())).isEqualTo(past);
			MergeOutcome shrink = store.upsert(budget.remove(ann("shrink", minute++), 1).build());
			assertThat(shrink).isInstanceOf(Updated.class);
			assertThat(budget.size(store.single())).isEqualTo(past - 1);
		}
		Contact before = store.single();

		MergeOutcome grow = store.upsert(budget.add(ann("grow", minute), past + 1).build());

		assertThat(grow).isEqualTo(new Rejected(List.of(budget.violation)));
		assertThat(store.single()).isSameAs(before);
	}

	/**
	 * Cleared custom fields and removed tags count together; beyond 4 the oldest go, and
	 * values that are present never do.
	 */
	@Test
	void forgetsTheOldestTombstonesBeyondTheBudget() {
		InMemoryContacts store = new InMemoryContacts(this.small);
		store.upsert(ann("c0", 0).customField("live", new CustomValue.Text("v")).addTags("keep").build());
		store.upsert(ann("c1", 1).clearCustomField("k1").build());
		store.upsert(ann("c2", 2).clearCustomField("k2").build());
		store.upsert(ann("c3", 3).removeTags("t3").build());
		store.upsert(ann("c4", 4).clearCustomField("k4").build());
		store.upsert(ann("c5", 5).removeTags("t5").build());

		store.upsert(ann("c6", 6).removeTags("t6").build());

		Contact contact = store.single();
		assertThat(contact.customFieldStates()).containsOnlyKeys("live", "k4");
		assertThat(contact.customFieldStates().get("k4")).isEqualTo(Stamped.cleared(stamp("c4", 4)));
		assertThat(contact.tagSet().writes()).containsOnlyKeys("keep", "t3", "t5", "t6");
		assertThat(contact.tagSet().writes().get("t3")).isEqualTo(new TagWrite(false, stamp("c3", 3)));
		assertThat(contact.customFields()).containsOnlyKeys("live");
		assertThat(contact.tags()).containsExactly("keep");
	}

	@Test
	void forgetsNoTombstoneWithinTheBudget() {
		InMemoryContacts store = new InMemoryContacts(this.small);
		store.upsert(ann("c1", 1).clearCustomField("k1").build());
		store.upsert(ann("c2", 2).clearCustomField("k2").removeTags("t2").build());

		store.upsert(ann("c3", 3).removeTags("t3").build());

		assertThat(store.single().customFieldStates()).containsOnlyKeys("k1", "k2");
		assertThat(store.single().tagSet().writes()).containsOnlyKeys("t2", "t3");
	}

	/**
	 * Forgetting a removal must not bring the tag back when the last replace listed it:
	 * no older write arrived, yet the contact would show a tag that was removed.
	 */
	@Test
	void forgettingATagRemovalNeverBringsTheTagBack() {
		InMemoryContacts store = new InMemoryContacts(this.small);
		store.upsert(ann("c0", 0).replaceTags("a", "b").build());
		store.upsert(ann("c1", 1).removeTags("a").build());
		for (int minute = 2; minute <= 5; minute++) {
			store.upsert(ann("c" + minute, minute).removeTags("gone" + minute).build());
		}

		assertThat(store.single().tags()).containsExactly("b");
	}

	static LongStream seeds() {
		String one = System.getProperty("budget.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("budget.seeds", SEEDS));
	}

	/**
	 * After any sequence of commands against {@link #SMALL}, every contact is within the
	 * limits, except along a limit it was past when written by an engine without them
	 * (one command in six), and then never larger than it was. A rejected command changes
	 * nothing.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void neverGrowsAContactPastALimit(long seed) {
		replayable(seed, () -> {
			Generator generator = new Generator(seed);
			InMemoryContacts store = new InMemoryContacts();
			Set<ContactId> writtenWithoutLimits = new HashSet<>();
			for (int i = 0; i < 60; i++) {
				UpsertCommand command = generator.next(generator.random.nextInt(30));
				boolean legacy = generator.random.nextInt(6) == 0;
				Map<ContactId, Contact> before = snapshot(store.all());
				MergeOutcome outcome = store.upsert(legacy ? this.roomy : this.small, command, Commands.NOW);
				String what = command.commandId() + (legacy ? " without limits" : "") + " -> " + outcome;
				switch (outcome) {
					case Created created when legacy -> writtenWithoutLimits.add(created.contact().id());
					case Updated updated when legacy -> writtenWithoutLimits.add(updated.after().id());
					case Created created -> assertWithin(created.contact(), null, what);
					case Updated updated -> assertWithin(updated.after(), updated.before(), what);
					case Rejected rejected -> assertThat(snapshot(store.all())).as(what).isEqualTo(before);
					case Unchanged unchanged -> assertThat(snapshot(store.all())).as(what).isEqualTo(before);
				}
			}
			for (Contact contact : store.all()) {
				if (!writtenWithoutLimits.contains(contact.id())) {
					assertWithin(contact, null, "contact " + contact.id() + " at the end");
				}
			}
		});
	}

	/**
	 * Commands in time order never need a forgotten tombstone, so forgetting them must
	 * not change what any contact shows: the same commands give the same visible contacts
	 * with 2 tombstones as with a thousand.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void forgettingTombstonesNeverChangesWhatCommandsInTimeOrderShow(long seed) {
		replayable(seed, () -> {
			Generator generator = new Generator(seed);
			Limits few = new Limits(Duration.ofMinutes(10), 1000, 1000, 1000, 2, 1024 * 1024);
			Limits many = new Limits(Duration.ofMinutes(10), 1000, 1000, 1000, 100_000, 1024 * 1024);
			MergeEngine forgetful = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()), few);
			MergeEngine mindful = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()), many);
			InMemoryContacts forgetting = new InMemoryContacts();
			InMemoryContacts remembering = new InMemoryContacts();
			List<String> applied = new ArrayList<>();
			for (int minute = 0; minute < 40; minute++) {
				UpsertCommand command = generator.next(minute);
				applied.add(command.commandId());
				forgetting.upsert(forgetful, command, Commands.NOW);
				remembering.upsert(mindful, command, Commands.NOW);
				assertThat(visible(forgetting.all())).as("after %s", applied).isEqualTo(visible(remembering.all()));
			}
		});
	}

	/** Within every limit, or along each one no larger than {@code before} was. */
	private static void assertWithin(Contact after, Contact before, String what) {
		assertWithin(after.tags().size(), (before != null) ? before.tags().size() : 0, SMALL.maxTags(), "tags", what);
		assertWithin(after.customFields().size(), (before != null) ? before.customFields().size() : 0,
				SMALL.maxCustomFields(), "custom fields", what);
		assertWithin(after.sources().size(), (before != null) ? before.sources().size() : 0, SMALL.maxSourceLinks(),
				"source links", what);
		assertWithin(ContactBudget.sizeOf(after), (before != null) ? ContactBudget.sizeOf(before) : 0,
				SMALL.maxContactBytes(), "bytes", what);
		List<Stamp> tombstones = tombstones(after);
		if (tombstones.size() > SMALL.maxTombstones()) {
			// Beyond the budget only ties with the oldest kept one may remain.
			Stamp oldestKept = tombstones.get(tombstones.size() - SMALL.maxTombstones());
			assertThat(tombstones.get(0)).as("oldest tombstone of %s, %s", after.id(), what).isEqualTo(oldestKept);
		}
	}

	private static void assertWithin(long after, long before, long limit, String limitName, String what) {
		assertThat(after).as("%s of the contact after %s", limitName, what)
			.isLessThanOrEqualTo(Math.max(limit, before));
	}

	private static List<Stamp> tombstones(Contact contact) {
		List<Stamp> tombstones = new ArrayList<>();
		contact.customFieldStates()
			.values()
			.stream()
			.filter(Stamped::isCleared)
			.forEach((s) -> tombstones.add(s.stamp()));
		contact.tagSet()
			.writes()
			.values()
			.stream()
			.filter((w) -> !w.present())
			.forEach((w) -> tombstones.add(w.stamp()));
		tombstones.sort(null);
		return tombstones;
	}

	private static Map<ContactId, Contact> snapshot(Collection<Contact> contacts) {
		Map<ContactId, Contact> snapshot = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
		contacts.forEach((contact) -> snapshot.put(contact.id(), contact));
		return snapshot;
	}

	/** What a reader of each contact sees, without stamps and tombstones. */
	private static Map<String, List<Object>> visible(Collection<Contact> contacts) {
		Map<String, List<Object>> visible = new TreeMap<>();
		for (Contact contact : contacts) {
			Map<ContactField, String> fields = new TreeMap<>();
			for (ContactField field : ContactField.values()) {
				// Long values by their length only, to keep failure messages readable.
				contact.value(field)
					.ifPresent((value) -> fields.put(field, (value.length() > 20) ? value.length() + " chars" : value));
			}
			visible.put(contact.id().value(),
					List.of(fields, contact.tags(), contact.customFields(), contact.dndSettings(), contact.sources()));
		}
		return visible;
	}

	/** Fills a new contact up to {@code items} along the budget, one command each. */
	private static int fill(InMemoryContacts store, Budget budget, int items) {
		for (int item = 0; item < items; item++) {
			MergeOutcome outcome = store.upsert(budget.add(ann("fill" + item, item), item).build());
			assertThat(outcome).as("filling item %d", item).isInstanceOfAny(Created.class, Updated.class);
		}
		assertThat(budget.size(store.single())).isEqualTo(items);
		return items;
	}

	private static UpsertCommand.Builder ann(String commandId, int minutes) {
		return command(commandId, minutes).email(EMAIL);
	}

	private static Stamp stamp(String commandId, int minutes) {
		return new Stamp(Commands.at(minutes), "highlevel/" + commandId);
	}

	private static void replayable(long seed, Runnable property) {
		try {
			property.run();
		}
		catch (AssertionError failure) {
			throw new AssertionError("seed=" + seed + " (replay: -Dbudget.seed=" + seed + ") " + failure.getMessage(),
					failure);
		}
	}

	/**
	 * Random valid commands about two people, from pools small enough to hit every limit
	 * of {@link #SMALL} often: 6 tags, 4 custom keys, 4 source records, values of up to
	 * 450 characters in 4 fields.
	 */
	private static final class Generator {

		private static final List<String> EMAILS = List.of("p@example.org", "q@example.org");

		private static final List<String> TAGS = List.of("t0", "t1", "t2", "t3", "t4", "t5");

		private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3");

		private static final List<ContactField> FIELDS = List.of(ContactField.ADDRESS_LINE1, ContactField.CITY,
				ContactField.COMPANY_NAME, ContactField.JOB_TITLE);

		private static final List<Integer> LENGTHS = List.of(3, 120, 450);

		final SplittableRandom random;

		private int serial;

		Generator(long seed) {
			this.random = new SplittableRandom(seed);
		}

		UpsertCommand next(int minute) {
			String id = "c" + (this.serial++);
			SourceLink source = chance(0.4) ? new SourceLink("crm", "r" + this.random.nextInt(4))
					: SourceLink.ofSystem("crm");
			UpsertCommand.Builder command = UpsertCommand.builder(id, Commands.TENANT, source, Commands.at(minute))
				.email(pick(EMAILS));
			if (chance(0.15)) {
				command.replaceTags(distinct(TAGS, this.random.nextInt(4)));
			}
			List<String> tags = distinct(TAGS, this.random.nextInt(4));
			int adds = this.random.nextInt(tags.size() + 1);
			command.addTags(tags.subList(0, adds).toArray(String[]::new));
			command.removeTags(tags.subList(adds, tags.size()).toArray(String[]::new));
			for (String key : distinct(KEYS, this.random.nextInt(3))) {
				if (chance(0.35)) {
					command.clearCustomField(key);
				}
				else {
					command.customField(key, new CustomValue.Text("v" + this.random.nextInt(3)));
				}
			}
			for (ContactField field : distinct(FIELDS, this.random.nextInt(3))) {
				if (chance(0.3)) {
					command.clear(field);
				}
				else {
					command.set(field, "y".repeat(pick(LENGTHS)));
				}
			}
			return command.build();
		}

		private boolean chance(double probability) {
			return this.random.nextDouble() < probability;
		}

		private <T> T pick(List<T> values) {
			return values.get(this.random.nextInt(values.size()));
		}

		private <T> List<T> distinct(List<T> values, int count) {
			List<T> shuffled = new ArrayList<>(values);
			for (int i = shuffled.size() - 1; i > 0; i--) {
				int j = this.random.nextInt(i + 1);
				T swap = shuffled.get(i);
				shuffled.set(i, shuffled.get(j));
				shuffled.set(j, swap);
			}
			return List.copyOf(shuffled.subList(0, count));
		}

	}

}
