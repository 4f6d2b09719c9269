package io.contactsync.worker.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.contactsync.worker.merge.CommandId;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.DndStatus;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.IdentifierKind;
import io.contactsync.worker.merge.IgnoredIdentifier;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamp;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TagWrite;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import org.bson.Document;

/**
 * Seeded random stored contacts, built state by state (not through the merge), so that
 * every shape a store can hold occurs: every field set or cleared, every custom value
 * kind (numbers beyond Decimal128, huge and tiny exponents), user-chosen names with
 * {@code .}, {@code $} and {@code %}, tag writes around a replace, DND settings with and
 * without message and code, and outbox entries of every form. Stamps come from a small
 * pool, so one stamp is shared by many values as in real contacts.
 */
final class StoredContactGenerator {

	static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

	/** Names a BSON key cannot hold as they are, next to plain ones. */
	static final List<String> KEYS = List.of("plan", "score", "a.b", "$set", "100%", "%2E", "a%2Eb", "x.$y%", "ünï",
			"..", "$", "%");

	static final List<String> TAGS = List.of("vip", "lead", "a.b", "$x", "100%", "ünï");

	private static final List<String> TEXTS = List.of("Ann", "gold", "a.b", "$set", "100%", "%2E", "日本語", "", " x ",
			"{\"not\":\"json\"}");

	/**
	 * Numbers around the edges of Decimal128: 34 and 35 significant digits, exponents it
	 * holds exactly, and plain forms of a hundred digits.
	 */
	static final List<String> NUMBERS = List.of("0", "12.5", "-7", "9.99", "1E-100", "-3.25E-60",
			"1234567890123456789012345678901234", "12345678901234567890123456789012345",
			"-123456789012345678901234567890123456789.5", "1E+99", "1.5E+40", "0.1234567890123456789012345678901234");

	private static final List<SourceLink> LINKS = List.of(new SourceLink("crm", "r-1"), new SourceLink("shop", "a|b"),
			new SourceLink("x.y", "$1"), new SourceLink("crm", "100%"));

	private final SplittableRandom random;

	private final boolean opaque;

	private List<Stamp> stamps;

	/**
	 * @param seed the seed
	 * @param opaque whether values of a kind only a newer version knows may occur (as a
	 * format-2 read gives them; format 1 never held them)
	 */
	StoredContactGenerator(long seed, boolean opaque) {
		this.random = new SplittableRandom(seed);
		this.opaque = opaque;
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	Contact contact() {
		this.stamps = new ArrayList<>();
		int count = 1 + this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			this.stamps.add(new Stamp(T0.plusMillis(this.random.nextLong(10_000_000)), "crm/c-" + i));
		}
		String tenant = pick(List.of("t", "t|x", "acme%", "t.1"));
		Map<ContactField, Stamped<String>> fields = new EnumMap<>(ContactField.class);
		for (ContactField field : ContactField.values()) {
			if (chance(0.5)) {
				continue;
			}
			fields.put(field, new Stamped<>(chance(0.2) ? null : fieldValue(field), stamp()));
		}
		Map<String, Stamped<CustomValue>> custom = new HashMap<>();
		for (String key : KEYS) {
			if (chance(0.5)) {
				custom.put(key, new Stamped<>(chance(0.2) ? null : customValue(), stamp()));
			}
		}
		Map<DndChannel, Stamped<DndSetting>> dnd = new EnumMap<>(DndChannel.class);
		for (DndChannel channel : DndChannel.values()) {
			if (chance(0.4)) {
				DndSetting setting = new DndSetting(pick(List.of(DndStatus.values())), maybe(TEXTS), maybe(TEXTS));
				dnd.put(channel, new Stamped<>(chance(0.2) ? null : setting, stamp()));
			}
		}
		Set<SourceLink> sources = new LinkedHashSet<>();
		for (SourceLink link : LINKS) {
			if (chance(0.4)) {
				sources.add(link);
			}
		}
		long version = 1 + this.random.nextInt(1000);
		Instant createdAt = T0.plusMillis(this.random.nextInt(1000));
		return new Contact(new ContactId("contact-" + this.random.nextInt(1000)), new TenantId(tenant), version,
				createdAt, createdAt.plusMillis(this.random.nextInt(100_000)), fields, tagSet(), custom, dnd, sources);
	}

	/** Zero to three entries of the contact's outbox, in every form. */
	List<PendingEvent> outbox(Contact contact) {
		List<PendingEvent> outbox = new ArrayList<>();
		int count = this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			long version = Math.max(1, contact.version() - (count - 1 - i));
			Origin origin = chance(0.8) ? new Origin(pick(List.of("contact-sync", "g.1")), "contact-commands",
					this.random.nextInt(12), this.random.nextLong(1L << 40)) : null;
			Instant occurredAt = chance(0.7) ? T0.plusMillis(this.random.nextInt(1_000_000)) : null;
			boolean replay = chance(0.2);
			Instant storedAt = T0.plusMillis(this.random.nextInt(1_000_000));
			if (chance(0.5)) {
				outbox.add(new PendingEvent("e-" + i, version, storedAt, origin, change(contact), replay, null,
						PendingEvent.Encoding.WIRE, occurredAt));
			}
			else {
				byte[] bytes = new byte[1 + this.random.nextInt(40)];
				this.random.nextBytes(bytes);
				PendingEvent.Encoding encoding = chance(0.8) ? PendingEvent.Encoding.WIRE
						: PendingEvent.Encoding.SINGLE_OBJECT;
				outbox.add(new PendingEvent("e-" + i, version, storedAt, origin, null, replay, bytes, encoding,
						occurredAt));
			}
		}
		return outbox;
	}

	/**
	 * A change as an outbox keeps it: old values only (the new ones are the contact's).
	 */
	ContactChange change(Contact contact) {
		String system = pick(List.of("crm", "shop", "x.y"));
		List<FieldChange> changes = new ArrayList<>();
		for (String path : List.of("email", "firstName", "tags", "customFields.a.b", "customFields.$set",
				"dndSettings.SMS", "sources")) {
			if (chance(0.4)) {
				changes.add(new FieldChange(path, maybe(TEXTS), null));
			}
		}
		List<IgnoredIdentifier> ignored = new ArrayList<>();
		if (chance(0.3)) {
			ignored.add(new IgnoredIdentifier(IdentifierKind.PHONE, "+14155550101", new ContactId("other-1")));
		}
		return new ContactChange(chance(0.3), new CommandId(system, "c-" + this.random.nextInt(100)),
				new SourceLink(system, chance(0.5) ? "r-" + this.random.nextInt(9) : null),
				T0.plusMillis(this.random.nextInt(1_000_000)), changes, ignored);
	}

	private TagSet tagSet() {
		if (chance(0.2)) {
			return TagSet.EMPTY;
		}
		Stamp replacedAt = chance(0.6) ? stamp() : null;
		Set<String> replaced = new LinkedHashSet<>();
		if (replacedAt != null) {
			for (String tag : TAGS) {
				if (chance(0.4)) {
					replaced.add(tag);
				}
			}
		}
		Map<String, TagWrite> writes = new HashMap<>();
		for (String tag : TAGS) {
			if (chance(0.3)) {
				writes.put(tag, new TagWrite(chance(0.5), stamp()));
			}
		}
		return new TagSet(replacedAt, replaced, writes);
	}

	private String fieldValue(ContactField field) {
		return switch (field) {
			case DND -> pick(List.of("true", "false"));
			case EMAIL -> pick(List.of("ann@example.org", "a.b+$x@example.org", "100%@example.org"));
			case PHONE -> "+1415555" + (1000 + this.random.nextInt(9000));
			case GENDER -> pick(List.of("MALE", "FEMALE", "UNKNOWN"));
			case DATE_OF_BIRTH -> "1990-09-25";
			default -> pick(TEXTS);
		};
	}

	CustomValue customValue() {
		int kinds = this.opaque ? 10 : 9;
		return switch (this.random.nextInt(kinds)) {
			case 0 -> new CustomValue.Text(pick(TEXTS));
			case 1 -> new CustomValue.Number(number());
			case 2 -> new CustomValue.Monetary(number(), maybe(List.of("EUR", "USD")));
			case 3 ->
				new CustomValue.DateTime(T0.minusMillis(this.random.nextLong(-1_000_000_000L, 4_000_000_000_000L)));
			case 4 -> new CustomValue.Bool(chance(0.5));
			case 5 -> new CustomValue.ListOf(pickSome(TEXTS));
			case 6 -> new CustomValue.Json(pick(List.of("{\"a\":[1,2]}", "[]", "\"s\"", "{\"$x\":{\"a.b\":1}}")));
			case 7 -> new CustomValue.FileRef("https://f.example.org/" + this.random.nextInt(99), maybe(List.of("d-1")),
					maybe(List.of("a.pdf")), maybe(List.of("application/pdf")),
					chance(0.5) ? this.random.nextLong(1L << 40) : null);
			case 8 -> new CustomValue.Number(new BigDecimal(pick(NUMBERS)));
			default -> opaque();
		};
	}

	/** A value of a kind only a newer version knows, as a format-2 read gives it. */
	private CustomValue opaque() {
		Object value = switch (this.random.nextInt(3)) {
			case 0 -> List.of(1.5, 2L, 3);
			case 1 -> new Document("at", new Date(1_700_000_000_123L)).append("n", Long.MAX_VALUE).append("s", "a.b");
			default -> "plain";
		};
		return new CustomValue.Opaque(pick(List.of("vector", "geo")),
				new Document("value", value).toJson(ContactDocuments.EXACT_JSON));
	}

	/**
	 * Random numbers within {@link CustomValue#MAX_DIGITS}, up to 60 significant digits.
	 */
	private BigDecimal number() {
		int digits = 1 + this.random.nextInt(60);
		StringBuilder unscaled = new StringBuilder(chance(0.3) ? "-" : "");
		unscaled.append(1 + this.random.nextInt(9));
		for (int i = 1; i < digits; i++) {
			unscaled.append(this.random.nextInt(10));
		}
		// Scale: from a hundred digits after the point to a hundred digits in all.
		int minScale = digits - CustomValue.MAX_DIGITS;
		int scale = minScale + this.random.nextInt(CustomValue.MAX_DIGITS - minScale + 1);
		return new BigDecimal(new BigInteger(unscaled.toString()), scale);
	}

	private Stamp stamp() {
		return pick(this.stamps);
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private <T> T maybe(List<T> values) {
		return chance(0.5) ? pick(values) : null;
	}

	private List<String> pickSome(List<String> values) {
		List<String> some = new ArrayList<>();
		for (String value : values) {
			if (chance(0.3)) {
				some.add(value);
			}
		}
		return some;
	}

}
