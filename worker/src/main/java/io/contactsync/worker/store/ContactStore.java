package io.contactsync.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.outbox.OutboxDelivery;
import io.contactsync.worker.outbox.PendingEvent;
import io.contactsync.worker.failure.Failures;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The contacts collection. Relies only on single-document atomicity:
 * <ul>
 * <li>a unique index on {@code (tenantId, uniqueKeys)} makes the second creator of a
 * person lose (duplicate key), and makes an update that would take another contact's
 * identifier lose too;</li>
 * <li>updates are conditional on the version they were computed from (optimistic
 * concurrency);</li>
 * <li>each change carries its event in the same document (outbox).</li>
 * </ul>
 * A loser is reported as a conflict; the caller re-reads and merges again.
 */
public class ContactStore implements Contacts {

	private static final Logger log = LoggerFactory.getLogger(ContactStore.class);

	/**
	 * Keys per look-up query. A batch of a thousand commands has a few thousand keys;
	 * mongo-java-server checks every document an index finds against the whole
	 * {@code $in} list, so one huge list costs more than a few round trips.
	 */
	static final int KEYS_PER_QUERY = 128;

	private final MongoCollection<Document> contacts;

	private final TenantPolicies policies;

	private final boolean sharded;

	public ContactStore(MongoTemplate mongo, StoreSettings settings, TenantPolicies policies) {
		this.contacts = mongo.getCollection(settings.collection());
		this.policies = policies;
		this.sharded = settings.sharded();
	}

	/** Creates the indexes the guarantees depend on. Idempotent. */
	public void ensureIndexes() {
		if (this.sharded) {
			// A unique index on a sharded collection must start with the shard key.
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.TENANT, ContactDocuments.UNIQUE_KEYS),
					new IndexOptions().unique(true).name("tenant_unique_identity"));
		}
		else {
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.UNIQUE_KEYS),
					new IndexOptions().unique(true).name("unique_identity"));
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.REVISION),
					new IndexOptions().unique(true).name("revision"));
		}
		this.contacts.createIndex(Indexes.ascending(ContactDocuments.TENANT, ContactDocuments.KEYS),
				new IndexOptions().name("tenant_lookup_keys"));
		this.contacts.createIndex(Indexes.ascending(ContactDocuments.OUTBOX_SINCE),
				new IndexOptions().sparse(true).name("pending_outbox"));
	}

	/**
	 * Every contact any of these commands can match. Queries by unique key, plus queries
	 * by lookup key for tenants that allow duplicates (their shared identifiers are not
	 * unique).
	 */
	@Override
	public Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups) {
		Map<TenantId, Set<String>> unique = new LinkedHashMap<>();
		Map<TenantId, Set<String>> shared = new LinkedHashMap<>();
		for (LookupKeys lookup : lookups) {
			boolean duplicates = this.policies.policyFor(lookup.tenantId()).allowDuplicates();
			Set<String> keys = (duplicates ? shared : unique).computeIfAbsent(lookup.tenantId(),
					(tenant) -> new HashSet<>());
			keys.addAll(ContactKeys.of(lookup));
			// Documents stored before keys were escaped carry the old spelling.
			keys.addAll(ContactKeys.previousSpellings(lookup));
		}
		Map<ContactId, StoredContact> found = new HashMap<>();
		for (Bson filter : byKeys(ContactDocuments.UNIQUE_KEYS, unique)) {
			find(filter, found);
		}
		for (Bson filter : byKeys(ContactDocuments.KEYS, shared)) {
			find(filter, found);
		}
		return found;
	}

	/**
	 * Queries of at most {@link #KEYS_PER_QUERY} keys each. Keys carry their tenant, so
	 * outside a sharded cluster one {@code $in} on the unique index serves every tenant;
	 * on a sharded cluster each query names its tenant, so it goes to one shard.
	 */
	private List<Bson> byKeys(String field, Map<TenantId, Set<String>> keysByTenant) {
		List<Bson> filters = new ArrayList<>();
		if (!this.sharded) {
			List<String> all = keysByTenant.values().stream().flatMap(Set::stream).toList();
			chunks(all).forEach((chunk) -> filters.add(Filters.in(field, chunk)));
			return filters;
		}
		keysByTenant.forEach((tenant, keys) -> chunks(List.copyOf(keys)).forEach((chunk) -> filters
			.add(Filters.and(Filters.eq(ContactDocuments.TENANT, tenant.value()), Filters.in(field, chunk)))));
		return filters;
	}

	private static List<List<String>> chunks(List<String> keys) {
		List<List<String>> chunks = new ArrayList<>();
		for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
			chunks.add(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY)));
		}
		return chunks;
	}

	private void find(Bson filter, Map<ContactId, StoredContact> into) {
		for (Document doc : this.contacts.find(filter)) {
			StoredContact stored = ContactDocuments.fromDocument(doc);
			into.put(stored.contact().id(), stored);
		}
	}

	/** The filter matching exactly one stored version of a contact. */
	private Bson atVersion(Contact contact, long version) {
		if (this.sharded) {
			return Filters.and(Filters.eq(ContactDocuments.TENANT, contact.tenantId().value()),
					Filters.eq(ContactDocuments.ID, contact.id().value()),
					Filters.eq(ContactDocuments.VERSION, version));
		}
		return Filters.eq(ContactDocuments.REVISION, ContactDocuments.revision(contact.id(), version));
	}

	/** One unordered bulk request for every change; see {@link Contacts#write}. */
	@Override
	public Set<ContactId> write(List<ContactWrite> writes) {
		if (writes.isEmpty()) {
			return Set.of();
		}
		List<WriteModel<Document>> models = new ArrayList<>(writes.size());
		for (ContactWrite write : writes) {
			boolean allowDuplicates = this.policies.policyFor(write.contact().tenantId()).allowDuplicates();
			Document doc = ContactDocuments.toDocument(write.contact(), write.outbox(), allowDuplicates,
					write.preserved());
			if (write.isInsert()) {
				models.add(new InsertOneModel<>(doc));
			}
			else {
				// Upsert: when the version moved on, the replace matches nothing and the
				// insert it falls back to collides with the contact's own _id. Every lost
				// race is then a duplicate-key error of its own item (bulk counts are not
				// reliable on every MongoDB-wire server; per-item errors are).
				models.add(new ReplaceOneModel<>(atVersion(write.contact(), write.expectedVersion()), doc,
						new ReplaceOptions().upsert(true)));
			}
		}
		Set<ContactId> lost = new HashSet<>();
		try {
			this.contacts.bulkWrite(models, new BulkWriteOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteConcernError() != null) {
				// Written, but not to enough nodes: not durable, so not done. Retried
				// as a whole (a transient failure); the conditional writes make that
				// safe.
				throw ex;
			}
			for (BulkWriteError error : ex.getWriteErrors()) {
				if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw new StoreRefusedException(writes.get(error.getIndex()).contact().id(), error.getCode(), ex);
				}
				lost.add(writes.get(error.getIndex()).contact().id());
			}
		}
		return lost;
	}

	/**
	 * Removes published events from their contacts' outboxes. When they were the whole
	 * outbox and the contact is still at that version, the outbox is emptied in one step;
	 * otherwise only these events are pulled, and events of other writers stay for them.
	 */
	@Override
	public void clear(Collection<OutboxDelivery> delivered) {
		if (delivered.isEmpty()) {
			return;
		}
		List<WriteModel<Document>> models = new ArrayList<>(delivered.size() * 2);
		for (OutboxDelivery delivery : delivered) {
			Contact contact = delivery.contact();
			if (delivery.wholeOutbox()) {
				// One write in the common case. If the contact moved on meanwhile,
				// its newer writer carried our events along and publishes them
				// again: a duplicate the subscribers drop, never a loss.
				models.add(new UpdateOneModel<>(atVersion(contact, contact.version()),
						Updates.combine(Updates.set(ContactDocuments.OUTBOX, List.of()),
								Updates.unset(ContactDocuments.OUTBOX_SINCE))));
			}
			else {
				models.add(new UpdateOneModel<>(Filters.eq(ContactDocuments.ID, contact.id().value()), Updates.pull(
						ContactDocuments.OUTBOX,
						Filters.in("eventId", delivery.events().stream().map(PendingEvent::eventId).toList()))));
			}
		}
		this.contacts.bulkWrite(models, new BulkWriteOptions().ordered(false));
	}

	/** Each contact's whole outbox, events in version order. */
	@Override
	public List<OutboxDelivery> pendingSince(Instant olderThan, OutboxDelivery after, int limit) {
		Bson filter = Filters.lt(ContactDocuments.OUTBOX_SINCE, Date.from(olderThan));
		if (after != null) {
			Date since = Date
				.from(after.events().stream().map(PendingEvent::storedAt).min(Instant::compareTo).orElse(olderThan));
			String id = after.contact().id().value();
			filter = Filters.and(filter, Filters.or(Filters.gt(ContactDocuments.OUTBOX_SINCE, since), Filters
				.and(Filters.eq(ContactDocuments.OUTBOX_SINCE, since), Filters.gt(ContactDocuments.ID, id))));
		}
		List<OutboxDelivery> pending = new ArrayList<>();
		for (Document doc : this.contacts.find(filter)
			.sort(Sorts.ascending(ContactDocuments.OUTBOX_SINCE, ContactDocuments.ID))
			.limit(limit)) {
			StoredContact stored;
			try {
				stored = ContactDocuments.fromDocument(doc);
			}
			catch (RuntimeException ex) {
				log.error("Contact {} cannot be read ({}); the outbox sweep skips it", doc.get(ContactDocuments.ID),
						Failures.kind(ex));
				continue;
			}
			List<PendingEvent> events = stored.outbox()
				.stream()
				.sorted(Comparator.comparingLong(PendingEvent::contactVersion))
				.toList();
			pending.add(new OutboxDelivery(stored.contact(), events, true));
		}
		return pending;
	}

	/** Number of stored contacts (of one tenant, or all when null). */
	public long count(TenantId tenant) {
		return (tenant != null) ? this.contacts.countDocuments(Filters.eq(ContactDocuments.TENANT, tenant.value()))
				: this.contacts.countDocuments();
	}

	/**
	 * Streams every contact (of one tenant, or all when null) in chunks, for operator
	 * tools.
	 */
	public void forEachChunk(TenantId tenant, int chunkSize, Consumer<List<Contact>> action) {
		Bson filter = (tenant != null) ? Filters.eq(ContactDocuments.TENANT, tenant.value()) : new Document();
		List<Contact> chunk = new ArrayList<>(chunkSize);
		for (Document doc : this.contacts.find(filter)
			.projection(Projections.exclude(ContactDocuments.OUTBOX))
			.batchSize(chunkSize)) {
			chunk.add(ContactDocuments.fromDocument(doc).contact());
			if (chunk.size() == chunkSize) {
				action.accept(List.copyOf(chunk));
				chunk.clear();
			}
		}
		if (!chunk.isEmpty()) {
			action.accept(List.copyOf(chunk));
		}
	}

	/** Every contact of one tenant, or all when null. For tests and operator tools. */
	public List<StoredContact> findAll(TenantId tenant) {
		Bson filter = (tenant != null) ? Filters.eq(ContactDocuments.TENANT, tenant.value()) : new Document();
		List<StoredContact> all = new ArrayList<>();
		for (Document doc : this.contacts.find(filter)) {
			all.add(ContactDocuments.fromDocument(doc));
		}
		return all;
	}

}
