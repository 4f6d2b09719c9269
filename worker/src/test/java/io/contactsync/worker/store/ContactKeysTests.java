package io.contactsync.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.UpsertCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity keys name exactly one (tenant, kind, parts) tuple, whatever the parts hold:
 * before escaping, a tenant's value could spell another tenant's key, and the unique
 * index would then refuse (or merge) the wrong person.
 * <p>
 * <b>Replaying a property failure.</b> Every failure message starts with {@code seed=N};
 * run only that seed with
 * {@code ./mvnw -o -pl worker test -Dtest=ContactKeysTests -Dkeys.seed=N}, or more seeds
 * with {@code -Dkeys.seeds=5000}.
 */
class ContactKeysTests {

	static final int SEEDS = 200;

	/** Separators, escape characters, the letters of escapes and of kinds. */
	private static final String ALPHABET = "||%%7C25cesp";

	@Test
	void tenantWithSeparatorsCannotSpellAnotherTenantsSourceKey() {
		// Unescaped, both were "acme|s|crm|e|bob@x.org".
		LookupKeys email = lookup("acme|s|crm", "id-1", null, "bob@x.org");
		LookupKeys source = lookup("acme", "id-2", new SourceLink("crm", "e|bob@x.org"), null);

		assertThat(ContactKeys.of(email)).doesNotContainAnyElementsOf(ContactKeys.of(source));
		assertThat(ContactKeys.of(email)).contains("acme%7Cs%7Ccrm|e|bob@x.org");
		assertThat(ContactKeys.of(source)).contains("acme|s|crm|e%7Cbob@x.org");
	}

	@Test
	void systemWithSeparatorsCannotSpellAnotherTenantsKey() {
		// Unescaped, both were "t|s|a|s|b|r".
		LookupKeys one = lookup("t", "id-1", new SourceLink("a|s|b", "r"), null);
		LookupKeys other = lookup("t|s|a", "id-2", new SourceLink("b", "r"), null);

		assertThat(ContactKeys.of(one)).doesNotContainAnyElementsOf(ContactKeys.of(other));
	}

	@Test
	void separatorMovedBetweenSystemAndRecordIdGivesAnotherKey() {
		// Unescaped, both were "t|s|crm|x|1".
		LookupKeys one = lookup("t", "id-1", new SourceLink("crm|x", "1"), null);
		LookupKeys other = lookup("t", "id-2", new SourceLink("crm", "x|1"), null);

		assertThat(ContactKeys.of(one)).doesNotContainAnyElementsOf(ContactKeys.of(other));
		assertThat(ContactKeys.of(one)).contains("t|s|crm%7Cx|1");
		assertThat(ContactKeys.of(other)).contains("t|s|crm|x%7C1");
	}

	@Test
	void escapesTheEscapeCharacterToo() {
		// Escaping only '|' would give a literal "%7C" and a '|' the same spelling.
		LookupKeys literal = lookup("t", "id-1", null, "a%7Cb@x.org");
		LookupKeys separator = lookup("t", "id-1", null, "a|b@x.org");

		assertThat(ContactKeys.of(literal)).contains("t|e|a%257Cb@x.org");
		assertThat(ContactKeys.of(separator)).contains("t|e|a%7Cb@x.org");
	}

	@Test
	void spellsPlainValuesAsBefore() {
		LookupKeys plain = new LookupKeys(new TenantId("acme"), new ContactId("id-1"),
				Optional.of(new SourceLink("crm", "r-1")), Optional.of("bob@x.org"), Optional.of("+15551234567"));

		assertThat(ContactKeys.of(plain)).containsExactly("acme|c|id-1", "acme|s|crm|r-1", "acme|e|bob@x.org",
				"acme|p|+15551234567");
	}

	@Test
	void escapesATenantWithSeparatorsInEveryKey() {
		LookupKeys lookup = new LookupKeys(new TenantId("t|x"), new ContactId("id-1"),
				Optional.of(new SourceLink("crm", "r-1")), Optional.of("bob@x.org"), Optional.empty(),
				Optional.of(new ContactId("id-0")));

		assertThat(ContactKeys.of(lookup)).containsExactly("t%7Cx|c|id-1", "t%7Cx|c|id-0", "t%7Cx|s|crm|r-1",
				"t%7Cx|e|bob@x.org");
	}

	/** The store finds a contact by the keys of the command that created it. */
	@Test
	void contactCarriesTheKeysOfTheCommandThatCreatedIt() {
		MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));
		UpsertCommand raw = UpsertCommand
			.builder("c|1", "acme|s|crm", new SourceLink("crm", "e|bob@x.org%7C"),
					Instant.parse("2026-01-01T00:00:00Z"))
			.email("bob@x.org")
			.phone("+15551234567")
			.build();
		NormalizedCommand command = (NormalizedCommand) engine.normalize(raw);

		Contact contact = ((Created) engine.apply(command, List.of(), Instant.parse("2026-01-02T00:00:00Z"))).contact();

		assertThat(ContactKeys.of(contact)).containsExactlyInAnyOrderElementsOf(ContactKeys.of(command.lookupKeys()));
		assertThat(ContactKeys.own(contact)).isEqualTo(ContactKeys.of(contact).get(0));
	}

	static LongStream seeds() {
		String one = System.getProperty("keys.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.trim()));
		}
		return LongStream.rangeClosed(1, Long.getLong("keys.seeds", SEEDS));
	}

	/**
	 * Every key splits on {@code |} into its tenant, kind and parts, each un-escaped to
	 * the value it came from: the spelling is a left inverse, so no two different tuples
	 * share a key. Checked both ways, by decoding each key and by a map of every key seen
	 * in the seed to the one tuple it came from.
	 */
	@ParameterizedTest(name = "seed={0}")
	@MethodSource("seeds")
	void everyKeyNamesExactlyOneTuple(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, Tuple> owners = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			String tenant = text(random);
			String id = text(random);
			SourceLink link = new SourceLink(text(random), text(random));
			String email = text(random);
			String phone = text(random);
			String previous = text(random);
			LookupKeys lookup = new LookupKeys(new TenantId(tenant), new ContactId(id), Optional.of(link),
					Optional.of(email), Optional.of(phone), Optional.of(new ContactId(previous)));
			List<Tuple> expected = List.of(new Tuple(tenant, "c", List.of(id)),
					new Tuple(tenant, "c", List.of(previous)),
					new Tuple(tenant, "s", List.of(link.system(), link.recordId())),
					new Tuple(tenant, "e", List.of(email)), new Tuple(tenant, "p", List.of(phone)));

			List<String> keys = ContactKeys.of(lookup);

			assertThat(keys).as("seed=%d keys of %s", seed, expected).hasSize(expected.size());
			for (int k = 0; k < keys.size(); k++) {
				String key = keys.get(k);
				assertThat(decode(key)).as("seed=%d (replay: -Dkeys.seed=%d) key %s", seed, seed, key)
					.isEqualTo(expected.get(k));
				Tuple owner = owners.putIfAbsent(key, expected.get(k));
				if (owner != null) {
					assertThat(owner).as("seed=%d (replay: -Dkeys.seed=%d) key %s", seed, seed, key)
						.isEqualTo(expected.get(k));
				}
			}
		}
	}

	/** Random text of 1 to 6 characters, mostly separators, escapes and their letters. */
	private static String text(SplittableRandom random) {
		int length = 1 + random.nextInt(6);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	/**
	 * Splits a key on its separators and un-escapes each part, left to right; a '%' that
	 * starts no escape fails the test.
	 */
	private static Tuple decode(String key) {
		List<String> parts = new ArrayList<>();
		for (String part : key.split("\\|", -1)) {
			parts.add(unescape(part, key));
		}
		assertThat(parts).as("parts of %s", key).hasSizeGreaterThanOrEqualTo(3);
		return new Tuple(parts.get(0), parts.get(1), List.copyOf(parts.subList(2, parts.size())));
	}

	private static String unescape(String part, String key) {
		StringBuilder value = new StringBuilder(part.length());
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (c != '%') {
				value.append(c);
			}
			else if (part.startsWith("%25", i)) {
				value.append('%');
				i += 2;
			}
			else if (part.startsWith("%7C", i)) {
				value.append('|');
				i += 2;
			}
			else {
				throw new AssertionError("'%' that starts no escape in " + key);
			}
		}
		return value.toString();
	}

	private static LookupKeys lookup(String tenant, String contactId, SourceLink link, String email) {
		return new LookupKeys(new TenantId(tenant), new ContactId(contactId), Optional.ofNullable(link),
				Optional.ofNullable(email), Optional.empty());
	}

	/** What a key names. */
	record Tuple(String tenant, String kind, List<String> parts) {

		Tuple {
			parts = Collections.unmodifiableList(parts);
		}

	}

}
