package io.contactsync.worker.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded randomized properties of the merge engine, each run over {@value #SEEDS} seeds
 * with a {@link CommandGenerator} on a {@link java.util.SplittableRandom}.
 * <p>
 * <b>Replaying a failure.</b> Every failure message starts with {@code seed=N}. Run only
 * that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=MergePropertyTests -Dmerge.seed=N}. Run more
 * seeds than usual with {@code -Dmerge.seeds=5000}.
 * <p>
 * <b>Why {@value #SEEDS} seeds are enough.</b> The generator draws from tiny pools (6
 * minutes of time, 2-3 values per field, 4 tags, 2 custom keys, 3 channels, 3 emails, 3
 * phones, 3 source links), so collisions that matter — equal times broken by command id,
 * a clear racing a set, a replace racing adds and removes, two contacts claiming one
 * identifier — occur in most seeds, not in rare ones. Mutation check (table in
 * docs/semantics.md): eight deliberate engine bugs (ties not broken by command id, equal
 * stamps treated as newer, tag adds not checked against the last replace, replace keeping
 * older adds, identifier collision not checked, other tenants' candidates not filtered,
 * older write winning, clear without tombstone) were each caught within the first 6
 * seeds; the weakest fails a third of all seeds, so 200 seeds miss it with probability
 * about 10^-35. The whole suite (1,000 cases) runs in 3 to 6 s on two cores.
 */
class MergePropertyTests {

	static final int SEEDS = 200;

	private static final String TENANT = "tenant-a";

	private static final String OTHER_TENANT = "tenant-b";

	static LongStream seeds() {
		String one = System.getProperty("merge.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("merge.seeds", SEEDS));
	}

	/** Same commands, any order, any duplicates: the same contact. */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void convergesForAnyOrderAndAnyDuplicates(long seed) {
		replayable(seed, () -> {
			CommandGenerator generator = new CommandGenerator(seed);
			TenantPolicy policy = generator.policy(generator.chance(0.3));
			MergeEngine engine = Commands.engine(policy);
			List<UpsertCommand> commands = generator.onePerson(TENANT, policy, 2 + generator.random().nextInt(7));
			List<UpsertCommand> inStampOrder = new ArrayList<>(commands);
			inStampOrder
				.sort(Comparator.comparing((UpsertCommand command) -> Commands.normalized(engine, command).stamp()));
			ContactState expected = ContactState.of(onlyContact(run(engine, inStampOrder)));
			for (int round = 0; round < 6; round++) {
				List<UpsertCommand> delivered = generator.shuffledWithDuplicates(commands);
				ContactState actual = ContactState.of(onlyContact(run(engine, delivered)));
				assertThat(actual).as("order %s", ids(delivered)).isEqualTo(expected);
			}
		});
	}

	/**
	 * A tenant without duplicates never lets two contacts own one email, phone or source
	 * link.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void neverGivesOneIdentifierToTwoContacts(long seed) {
		replayable(seed, () -> {
			CommandGenerator generator = new CommandGenerator(seed);
			TenantPolicy unique = generator.policy(false);
			TenantPolicy duplicates = generator.policy(true);
			MergeEngine engine = new MergeEngine(
					new TenantPolicies(unique, Map.of(new TenantId(OTHER_TENANT), duplicates)));
			InMemoryContacts store = new InMemoryContacts(generator.chance(0.5));
			for (int i = 0; i < 40; i++) {
				boolean other = generator.chance(0.3);
				UpsertCommand command = other ? generator.anyone(OTHER_TENANT, duplicates, true)
						: generator.anyone(TENANT, unique, true);
				// Fails the property when the generator made an invalid command.
				store.upsert(engine, command, Commands.NOW);
				assertUniqueIdentifiers(store.ofTenant(new TenantId(TENANT)));
			}
		});
	}

	/**
	 * Delivering a command again right away changes nothing and is recognised as a
	 * duplicate.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void redeliveryChangesNothing(long seed) {
		replayable(seed, () -> {
			CommandGenerator generator = new CommandGenerator(seed);
			TenantPolicy policy = generator.policy(generator.chance(0.3));
			MergeEngine engine = Commands.engine(policy);
			InMemoryContacts store = new InMemoryContacts();
			for (int i = 0; i < 30; i++) {
				UpsertCommand command = generator.anyone(TENANT, policy, true);
				MergeOutcome first = store.upsert(engine, command, Commands.NOW);
				MergeOutcome again = store.upsert(engine, command, Commands.NOW.plusSeconds(1));
				assertThat(again).as("redelivery of %s after %s", command.commandId(), first)
					.isInstanceOf(Unchanged.class);
				Contact written = switch (first) {
					case Created created -> created.contact();
					case Updated updated -> updated.after();
					default -> null;
				};
				if (written != null && holdsAWriteOf(written, Commands.normalized(engine, command).stamp())) {
					assertThat(((Unchanged) again).duplicate()).as("duplicate flag of %s", command.commandId())
						.isTrue();
				}
			}
		});
	}

	/**
	 * A tenant's contacts are the same whether or not another tenant works on the same
	 * identifiers.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void isolatesTenants(long seed) {
		replayable(seed, () -> {
			CommandGenerator generator = new CommandGenerator(seed);
			TenantPolicy policyA = generator.policy(generator.chance(0.3));
			TenantPolicy policyB = generator.policy(generator.chance(0.5));
			MergeEngine engine = new MergeEngine(
					new TenantPolicies(policyA, Map.of(new TenantId(OTHER_TENANT), policyB)));
			List<UpsertCommand> mine = new ArrayList<>();
			List<UpsertCommand> all = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				UpsertCommand command = generator.anyone(TENANT, policyA, true);
				mine.add(command);
				all.add(command);
				if (generator.chance(0.7)) {
					all.add(generator.anyone(OTHER_TENANT, policyB, true));
				}
			}
			// The leaky store hands every tenant's matching contacts to the engine.
			InMemoryContacts alone = new InMemoryContacts(true);
			InMemoryContacts shared = new InMemoryContacts(true);
			mine.forEach((command) -> alone.upsert(engine, command, command.occurredAt().plus(Duration.ofDays(1))));
			all.forEach((command) -> shared.upsert(engine, command, command.occurredAt().plus(Duration.ofDays(1))));
			assertThat(shared.ofTenant(new TenantId(TENANT))).isEqualTo(alone.ofTenant(new TenantId(TENANT)));
		});
	}

	/** A command older than a field's last write never changes that field. */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void neverLetsAStaleWriteWin(long seed) {
		replayable(seed, () -> {
			CommandGenerator generator = new CommandGenerator(seed);
			TenantPolicy policy = generator.policy(false);
			MergeEngine engine = Commands.engine(policy);
			InMemoryContacts store = new InMemoryContacts();
			List<UpsertCommand> history = generator.onePerson(TENANT, policy, 3 + generator.random().nextInt(6));
			history.forEach((command) -> store.upsert(engine,
					command.toBuilder().source(CommandGenerator.LINKS.get(0)).build(), Commands.NOW));
			Contact before = onlyContact(store);
			// A late command that writes at least one field the contact holds a newer
			// write of: without one, the checks below would hold vacuously.
			UpsertCommand late = null;
			int newerWritesItTouches = 0;
			for (int attempt = 0; attempt < 100 && newerWritesItTouches == 0; attempt++) {
				late = generator.onePersonAt(TENANT,
						Commands.T0.plus(Duration.ofMinutes(generator.random().nextInt(6))));
				newerWritesItTouches = newerWritesTouched(before, Commands.normalized(engine, late));
			}
			assertThat(newerWritesItTouches).as("fields of the late command with a newer stored write").isPositive();
			Stamp stamp = Commands.normalized(engine, late).stamp();

			store.upsert(engine, late, Commands.NOW);
			Contact after = onlyContact(store);

			before.fieldStates().forEach((field, state) -> {
				if (state.stamp().compareTo(stamp) > 0) {
					assertThat(after.fieldStates().get(field)).as(field.path()).isEqualTo(state);
				}
			});
			before.customFieldStates().forEach((key, state) -> {
				if (state.stamp().compareTo(stamp) > 0) {
					assertThat(after.customFieldStates().get(key)).as(key).isEqualTo(state);
				}
			});
			before.dndStates().forEach((channel, state) -> {
				if (state.stamp().compareTo(stamp) > 0) {
					assertThat(after.dndStates().get(channel)).as(channel.name()).isEqualTo(state);
				}
			});
			TagSet tags = before.tagSet();
			if (tags.replacedAt() != null && tags.replacedAt().compareTo(stamp) > 0) {
				assertThat(after.tags()).as("tags after a newer replace").isEqualTo(before.tags());
			}
			tags.writes().forEach((tag, write) -> {
				if (write.stamp().compareTo(stamp) > 0) {
					assertThat(after.tags().contains(tag)).as("tag %s", tag).isEqualTo(before.tags().contains(tag));
				}
			});
		});
	}

	/** How many of the command's writes the contact already holds a newer write of. */
	private static int newerWritesTouched(Contact contact, NormalizedCommand command) {
		int touched = 0;
		for (var entry : contact.fieldStates().entrySet()) {
			ContactField field = entry.getKey();
			boolean written = command.set().containsKey(field) || command.clear().contains(field)
					|| (field == ContactField.EMAIL && command.email().isPresent())
					|| (field == ContactField.PHONE && command.phone().isPresent());
			if (written && entry.getValue().stamp().compareTo(command.stamp()) > 0) {
				touched++;
			}
		}
		for (var entry : contact.customFieldStates().entrySet()) {
			if (command.customFields().containsKey(entry.getKey())
					&& entry.getValue().stamp().compareTo(command.stamp()) > 0) {
				touched++;
			}
		}
		for (var entry : contact.dndStates().entrySet()) {
			if (command.dndSettings().containsKey(entry.getKey())
					&& entry.getValue().stamp().compareTo(command.stamp()) > 0) {
				touched++;
			}
		}
		return touched;
	}

	private static void replayable(long seed, Runnable property) {
		try {
			property.run();
		}
		catch (AssertionError failure) {
			AssertionError withSeed = new AssertionError(
					"seed=" + seed + " (replay: -Dmerge.seed=" + seed + ") " + failure.getMessage(), failure);
			throw withSeed;
		}
	}

	private static InMemoryContacts run(MergeEngine engine, List<UpsertCommand> commands) {
		InMemoryContacts store = new InMemoryContacts();
		for (UpsertCommand command : commands) {
			store.upsert(engine, command, Commands.NOW);
		}
		return store;
	}

	private static Contact onlyContact(InMemoryContacts store) {
		assertThat(store.all()).as("contacts of one person").hasSize(1);
		return store.all().iterator().next();
	}

	private static void assertUniqueIdentifiers(List<Contact> contacts) {
		Map<String, ContactId> owners = new HashMap<>();
		for (Contact contact : contacts) {
			List<String> keys = new ArrayList<>();
			contact.email().ifPresent((email) -> keys.add("email:" + email));
			contact.phone().ifPresent((phone) -> keys.add("phone:" + phone));
			contact.sources().forEach((link) -> keys.add("source:" + link.system() + "/" + link.recordId()));
			for (String key : keys) {
				ContactId previous = owners.putIfAbsent(key, contact.id());
				assertThat(previous).as("%s owned by %s and %s", key, previous, contact.id()).isNull();
			}
		}
	}

	private static boolean holdsAWriteOf(Contact contact, Stamp stamp) {
		return contact.fieldStates().values().stream().anyMatch((state) -> state.stamp().equals(stamp))
				|| contact.customFieldStates().values().stream().anyMatch((state) -> state.stamp().equals(stamp))
				|| contact.dndStates().values().stream().anyMatch((state) -> state.stamp().equals(stamp))
				|| stamp.equals(contact.tagSet().replacedAt())
				|| contact.tagSet().writes().values().stream().anyMatch((write) -> write.stamp().equals(stamp));
	}

	private static List<String> ids(List<UpsertCommand> commands) {
		return commands.stream().map(UpsertCommand::commandId).toList();
	}

}
