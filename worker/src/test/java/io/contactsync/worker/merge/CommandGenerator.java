package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random upsert commands from a seeded generator. Values come from tiny pools so that
 * commands collide often: equal times (ties broken by command id), the same field written
 * by several commands, identifiers shared by several contacts.
 */
final class CommandGenerator {

	static final List<String> EMAILS = List.of("p@example.org", "q@example.org", "r@example.org");

	static final List<String> PHONES = List.of("+14155550101", "+14155550102", "+14155550103");

	static final List<SourceLink> LINKS = List.of(new SourceLink("crm", "r1"), new SourceLink("crm", "r2"),
			new SourceLink("shop", "r1"));

	private static final List<ContactField> FIELDS = List.of(ContactField.FIRST_NAME, ContactField.CITY,
			ContactField.GENDER, ContactField.DND, ContactField.DATE_OF_BIRTH);

	private static final List<List<String>> FIELD_VALUES = List.of(List.of("Ann", "Anna"), List.of("Austin", "Boston"),
			List.of("female", "unknown"), List.of("true", "false"), List.of("1990-09-25", "09/26/1990"));

	private static final List<String> TAGS = List.of("a", "b", "c", "d");

	private static final List<String> KEYS = List.of("k1", "k2");

	private static final List<DndChannel> CHANNELS = List.of(DndChannel.EMAIL, DndChannel.SMS, DndChannel.INBOUND_ALL);

	/** How commands about one person recognise each other. */
	enum Anchor {

		/** Every command carries the same source link. */
		SOURCE_LINK,

		/**
		 * Every command carries the same email (or phone, per the tenant's first match
		 * kind).
		 */
		IDENTIFIER

	}

	private final RandomGenerator random;

	private int serial;

	CommandGenerator(long seed) {
		this.random = new SplittableRandom(seed);
	}

	RandomGenerator random() {
		return this.random;
	}

	TenantPolicy policy(boolean allowDuplicates) {
		List<List<IdentifierKind>> orders = List.of(List.of(IdentifierKind.EMAIL, IdentifierKind.PHONE),
				List.of(IdentifierKind.PHONE, IdentifierKind.EMAIL), List.of(IdentifierKind.EMAIL),
				List.of(IdentifierKind.PHONE));
		List<IdentifierKind> order = pick(orders);
		return TenantPolicy.defaults()
			.withMatchOrder(order.toArray(IdentifierKind[]::new))
			.withAllowDuplicates(allowDuplicates);
	}

	/**
	 * Commands about one person with consistent identifiers: each carries the anchor,
	 * other identifiers vary within the person's own values.
	 */
	List<UpsertCommand> onePerson(String tenant, TenantPolicy policy, int count) {
		Anchor anchor = pick(List.of(Anchor.values()));
		IdentifierKind anchorKind = pick(policy.matchOrder());
		List<UpsertCommand> commands = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			UpsertCommand.Builder command = base(tenant, 6);
			if (anchor == Anchor.SOURCE_LINK) {
				command.source(LINKS.get(0));
				identifier(command, IdentifierKind.EMAIL, EMAILS.subList(0, 2), true);
				identifier(command, IdentifierKind.PHONE, PHONES.subList(0, 2), true);
			}
			else {
				if (chance(0.3)) {
					command.source(LINKS.get(0));
				}
				if (anchorKind == IdentifierKind.EMAIL) {
					command.email(EMAILS.get(0));
					identifier(command, IdentifierKind.PHONE, PHONES.subList(0, 2), true);
				}
				else {
					command.phone(PHONES.get(0));
					identifier(command, IdentifierKind.EMAIL, EMAILS.subList(0, 2), true);
				}
			}
			attributes(command);
			commands.add(command.build());
		}
		return commands;
	}

	/**
	 * Commands about anyone: identifiers drawn independently from the shared pools, so
	 * they collide across contacts.
	 */
	UpsertCommand anyone(String tenant, TenantPolicy policy, boolean mayCreateNew) {
		UpsertCommand.Builder command = base(tenant, 30);
		boolean linked = chance(0.4);
		if (linked) {
			command.source(pick(LINKS));
		}
		// 0 = absent, 1 = set, 2 = clear
		int email = state(0.6);
		int phone = state(0.5);
		boolean usable = linked || (email == 1 && policy.matchesOn(IdentifierKind.EMAIL))
				|| (phone == 1 && policy.matchesOn(IdentifierKind.PHONE));
		if (!usable) {
			if (policy.matchOrder().get(0) == IdentifierKind.EMAIL) {
				email = 1;
			}
			else {
				phone = 1;
			}
		}
		if (email == 1) {
			command.email(pick(EMAILS));
		}
		else if (email == 2) {
			command.clear(ContactField.EMAIL);
		}
		if (phone == 1) {
			command.phone(pick(PHONES));
		}
		else if (phone == 2) {
			command.clear(ContactField.PHONE);
		}
		command.createNewIfDuplicateAllowed(mayCreateNew && chance(0.2));
		attributes(command);
		return command.build();
	}

	private int state(double setProbability) {
		double dice = this.random.nextDouble();
		return (dice < setProbability) ? 1 : (dice < setProbability + 0.1) ? 2 : 0;
	}

	/** A command about the person of {@link #onePerson} at a chosen time. */
	UpsertCommand onePersonAt(String tenant, Instant occurredAt) {
		UpsertCommand.Builder command = base(tenant, 6).occurredAt(occurredAt).source(LINKS.get(0));
		attributes(command);
		return command.build();
	}

	private UpsertCommand.Builder base(String tenant, int minutes) {
		// Random prefix: ties on time must not be broken in generation order.
		String commandId = "c" + this.random.nextInt(100) + "-" + (this.serial++);
		Instant at = Commands.T0.plus(Duration.ofMinutes(this.random.nextInt(minutes)));
		return UpsertCommand.builder(commandId, tenant, SourceLink.ofSystem("gen"), at);
	}

	private void identifier(UpsertCommand.Builder command, IdentifierKind kind, List<String> pool, boolean mayClear) {
		double dice = this.random.nextDouble();
		if (dice < 0.35) {
			if (kind == IdentifierKind.EMAIL) {
				command.email(pick(pool));
			}
			else {
				command.phone(pick(pool));
			}
		}
		else if (mayClear && dice < 0.45) {
			command.clear(kind.field());
		}
	}

	private void attributes(UpsertCommand.Builder command) {
		for (int i = 0; i < FIELDS.size(); i++) {
			double dice = this.random.nextDouble();
			if (dice < 0.3) {
				command.set(FIELDS.get(i), pick(FIELD_VALUES.get(i)));
			}
			else if (dice < 0.4) {
				command.clear(FIELDS.get(i));
			}
		}
		double tags = this.random.nextDouble();
		if (tags < 0.2) {
			command.replaceTags(subset(TAGS));
		}
		else if (tags < 0.7) {
			List<String> add = subset(TAGS);
			List<String> remove = new ArrayList<>(subset(TAGS));
			remove.removeAll(add);
			command.addTags(add.toArray(String[]::new)).removeTags(remove.toArray(String[]::new));
		}
		for (String key : KEYS) {
			double dice = this.random.nextDouble();
			if (dice < 0.2) {
				command.customField(key, new CustomValue.Text(pick(List.of("x", "y"))));
			}
			else if (dice < 0.3) {
				command.customField(key, new CustomValue.Number(new BigDecimal(this.random.nextInt(3))));
			}
			else if (dice < 0.4) {
				command.clearCustomField(key);
			}
		}
		for (DndChannel channel : CHANNELS) {
			double dice = this.random.nextDouble();
			if (dice < 0.2) {
				command.dnd(channel, DndSetting.of(chance(0.5) ? DndStatus.ACTIVE : DndStatus.INACTIVE));
			}
			else if (dice < 0.3) {
				command.clearDnd(channel);
			}
		}
	}

	/** The commands in a random order, each one to three times. */
	List<UpsertCommand> shuffledWithDuplicates(List<UpsertCommand> commands) {
		List<UpsertCommand> delivered = new ArrayList<>();
		for (UpsertCommand command : commands) {
			int copies = 1 + this.random.nextInt(3);
			for (int i = 0; i < copies; i++) {
				delivered.add(command);
			}
		}
		shuffle(delivered);
		return delivered;
	}

	<T> void shuffle(List<T> list) {
		for (int i = list.size() - 1; i > 0; i--) {
			int j = this.random.nextInt(i + 1);
			T swap = list.get(i);
			list.set(i, list.get(j));
			list.set(j, swap);
		}
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	<T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private List<String> subset(List<String> values) {
		List<String> subset = new ArrayList<>();
		for (String value : values) {
			if (chance(0.4)) {
				subset.add(value);
			}
		}
		return subset;
	}

}
