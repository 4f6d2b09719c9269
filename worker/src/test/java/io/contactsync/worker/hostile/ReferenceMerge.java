package io.contactsync.worker.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.worker.hostile.HostileCorpus.Hostile;
import io.contactsync.worker.hostile.HostileCorpus.Outcome;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactField;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.CustomValue;
import io.contactsync.worker.merge.DndChannel;
import io.contactsync.worker.merge.DndSetting;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.Normalized;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.SourceLink;
import io.contactsync.worker.merge.Stamped;
import io.contactsync.worker.merge.TagSet;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.merge.TenantPolicy;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.merge.Violation;
import io.contactsync.worker.store.ContactKeys;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * What the pure merge engine makes of a corpus: its commands applied one by one in
 * publishing order to an in-memory store indexed by the worker's identity keys, with the
 * worker's own mapping and size limit. Gives each command's verdict (to check the
 * corpus's labels) and the contacts the worker must end with.
 */
final class ReferenceMerge {

	/** The worker's default {@code contact-sync.pipeline.max-command-bytes}. */
	static final int MAX_COMMAND_BYTES = 256 * 1024;

	/**
	 * The worker's Avro-to-domain mapping. It is package-private in the pipeline package
	 * and this package may only add files, so it is called by reflection rather than
	 * copied: a copy would drift from what the worker runs.
	 */
	private static final Method TO_DOMAIN = toDomainMethod();

	/**
	 * The engine's verdict on one command.
	 *
	 * @param outcome applied or rejected; null when the engine threw instead
	 * @param detail the violations, for a rejection, or the failure
	 */
	record Verdict(Outcome outcome, String detail) {
	}

	/** What must converge: a contact minus its id, version and wall-clock times. */
	record State(Map<ContactField, Stamped<String>> fields, TagSet tags, Map<String, Stamped<CustomValue>> customFields,
			Map<DndChannel, Stamped<DndSetting>> dnd, Set<SourceLink> sources) {

		static State of(Contact contact) {
			return new State(contact.fieldStates(), contact.tagSet(), contact.customFieldStates(), contact.dndStates(),
					contact.sources());
		}

	}

	/**
	 * The reference.
	 *
	 * @param verdicts per corpus index, for every record published through the serializer
	 * @param contacts tenant, then identity ({@link #identity}), then state
	 */
	record Result(Map<Integer, Verdict> verdicts, Map<String, Map<String, State>> contacts) {

		long contactCount() {
			return this.contacts.values().stream().mapToLong(Map::size).sum();
		}

	}

	private final MergeEngine engine = new MergeEngine(TenantPolicies.of(TenantPolicy.defaults()));

	private final Map<ContactId, Contact> contacts = new HashMap<>();

	private final Map<String, Set<ContactId>> byKey = new HashMap<>();

	private ReferenceMerge() {
	}

	/**
	 * Applies the corpus's commands serially.
	 * @param corpus the corpus, in publishing order
	 * @param producedAt the time the records were produced (bounds occurredAt)
	 * @return the verdicts and the end state
	 */
	static Result of(List<Hostile> corpus, Instant producedAt) {
		ReferenceMerge merge = new ReferenceMerge();
		Map<Integer, Verdict> verdicts = new LinkedHashMap<>();
		Instant now = Instant.now();
		for (Hostile record : corpus) {
			ContactUpsertCommand command = record.command();
			if (command != null) {
				verdicts.put(record.index(), merge.apply(command, producedAt, now));
			}
		}
		Map<String, Map<String, State>> states = new TreeMap<>();
		for (Contact contact : merge.contacts.values()) {
			Map<String, State> tenant = states.computeIfAbsent(contact.tenantId().value(), (t) -> new TreeMap<>());
			put(tenant, contact);
		}
		return new Result(verdicts, states);
	}

	/** Groups contacts by tenant and identity, as {@link Result#contacts()}. */
	static Map<String, Map<String, State>> byTenant(Collection<Contact> contacts) {
		Map<String, Map<String, State>> states = new TreeMap<>();
		for (Contact contact : contacts) {
			put(states.computeIfAbsent(contact.tenantId().value(), (t) -> new TreeMap<>()), contact);
		}
		return states;
	}

	private static void put(Map<String, State> tenant, Contact contact) {
		String identity = identity(contact);
		String key = identity;
		for (int n = 2; tenant.containsKey(key); n++) {
			// Two contacts with one identity: keep both, the comparison shows it.
			key = identity + " #" + n;
		}
		tenant.put(key, State.of(contact));
	}

	/**
	 * How a contact is recognised across runs (its id depends on which command created
	 * it, which may differ between the serial order and the worker's): its email, else
	 * its phone, else its source links.
	 */
	static String identity(Contact contact) {
		if (contact.email().isPresent()) {
			return "email " + contact.email().get();
		}
		if (contact.phone().isPresent()) {
			return "phone " + contact.phone().get();
		}
		return "sources " + contact.sources();
	}

	private Verdict apply(ContactUpsertCommand avro, Instant producedAt, Instant now) {
		if (wireSize(avro) > MAX_COMMAND_BYTES) {
			return new Verdict(Outcome.REJECTED, "command: must be at most " + MAX_COMMAND_BYTES + " bytes");
		}
		io.contactsync.worker.merge.UpsertCommand raw;
		try {
			raw = toDomain(avro);
		}
		catch (RuntimeException ex) {
			if (!ex.getClass().getSimpleName().equals("InvalidCommandException")) {
				return thrown(ex);
			}
			// The mapping's own rejection: "field reason", no value.
			return new Verdict(Outcome.REJECTED, ex.getMessage());
		}
		Normalized normalized;
		try {
			normalized = this.engine.normalize(raw, producedAt);
		}
		catch (RuntimeException ex) {
			return thrown(ex);
		}
		if (normalized instanceof Rejected rejected) {
			return new Verdict(Outcome.REJECTED, describe(rejected));
		}
		NormalizedCommand command = (NormalizedCommand) normalized;
		MergeOutcome outcome;
		try {
			outcome = this.engine.apply(command, candidates(command), now);
		}
		catch (RuntimeException ex) {
			return thrown(ex);
		}
		switch (outcome) {
			case Rejected rejected -> {
				return new Verdict(Outcome.REJECTED, describe(rejected));
			}
			case Created created -> store(null, created.contact());
			case Updated updated -> store(updated.before(), updated.after());
			default -> {
			}
		}
		return new Verdict(Outcome.APPLIED, null);
	}

	/**
	 * The engine failed instead of deciding: no outcome. The worker then isolates the
	 * record and dead-letters it as UNPROCESSABLE, which no label expects.
	 */
	private static Verdict thrown(RuntimeException ex) {
		return new Verdict(null, "the engine throws " + ex.getClass().getName() + ": " + ex.getMessage());
	}

	private static String describe(Rejected rejected) {
		return rejected.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
	}

	private List<Contact> candidates(NormalizedCommand command) {
		Set<ContactId> ids = new HashSet<>();
		for (String key : ContactKeys.of(command.lookupKeys())) {
			ids.addAll(this.byKey.getOrDefault(key, Set.of()));
		}
		List<Contact> found = new ArrayList<>(ids.size());
		ids.forEach((id) -> found.add(this.contacts.get(id)));
		return found;
	}

	private void store(Contact before, Contact after) {
		if (before != null) {
			for (String key : ContactKeys.of(before)) {
				Set<ContactId> ids = this.byKey.get(key);
				if (ids != null) {
					ids.remove(before.id());
				}
			}
		}
		this.contacts.put(after.id(), after);
		for (String key : ContactKeys.of(after)) {
			this.byKey.computeIfAbsent(key, (k) -> new HashSet<>()).add(after.id());
		}
	}

	/** The size of the command in the Confluent wire format: 5 bytes, then Avro. */
	static int wireSize(ContactUpsertCommand command) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
		try {
			new SpecificDatumWriter<>(ContactUpsertCommand.class).write(command, out);
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return 5 + bytes.size();
	}

	static io.contactsync.worker.merge.UpsertCommand toDomain(ContactUpsertCommand avro) {
		try {
			return (io.contactsync.worker.merge.UpsertCommand) TO_DOMAIN.invoke(null, avro);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Method toDomainMethod() {
		try {
			Method method = Class.forName("io.contactsync.worker.pipeline.CommandMapping")
				.getDeclaredMethod("toDomain", ContactUpsertCommand.class);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("the worker's CommandMapping.toDomain(ContactUpsertCommand) is gone", ex);
		}
	}

}
