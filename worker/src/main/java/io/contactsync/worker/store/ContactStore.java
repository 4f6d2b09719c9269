package io.contactsync.worker.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.LookupKeys;
import io.contactsync.worker.merge.TenantId;
import io.contactsync.worker.merge.TenantPolicies;
import io.contactsync.worker.outbox.Origin;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The contacts collection. Relies only on single-document atomicity:
 * <ul>
 * <li>a unique index on the identity keys ({@code _sync.keys}) makes the second creator
 * of a person lose (duplicate key), and makes an update that would take another contact's
 * identifier lose too;</li>
 * <li>updates are conditional on the version they were computed from (optimistic
 * concurrency);</li>
 * <li>each change carries its event in the same document (outbox).</li>
 * </ul>
 * A loser is reported as a conflict; the caller re-reads and merges again. One write per
 * changed contact and nothing else: the outbox is pruned by the next write.
 */
public class ContactStore implements Contacts {

	private static final Logger log = LoggerFactory.getLogger(ContactStore.class);

	/**
	 * Keys per look-up query. A batch of a thousand commands has a few thousand keys;
	 * mongo-java-server checks every document an index finds against the whole
	 * {@code $in} list, so one huge list costs more than a few round trips.
	 */
	static final int KEYS_PER_QUERY = 128;

	/** Indexes of format 1: they index fields format 2 does not have. */
	private static final List<String> FORMAT_1_INDEXES = List.of("unique_identity", "tenant_unique_identity",
			"tenant_lookup_keys", "revision", "pending_outbox");

	/** Documents per bulk request when rewriting format 1. */
	private static final int REWRITE_CHUNK = 500;

	private final MongoDatabase database;

	private final MongoCollection<Document> contacts;

	private final TenantPolicies policies;

	private final boolean sharded;

	public ContactStore(MongoTemplate mongo, StoreSettings settings, TenantPolicies policies) {
		this.database = mongo.getDb();
		this.contacts = mongo.getCollection(settings.collection());
		this.policies = policies;
		this.sharded = settings.sharded();
	}

	/**
	 * Prepares the collection: rewrites documents of format 1 in format 2, retires the
	 * indexes of format 1, and creates those the guarantees depend on. Idempotent; safe
	 * to run on every start, and by several instances at once. Runs before the worker
	 * consumes: look-ups search format 2 only.
	 */
	public void ensureIndexes() {
		Map<String, Document> existing = new HashMap<>();
		for (Document index : this.contacts.listIndexes()) {
			existing.put(index.getString("name"), index);
		}
		if (!this.sharded && plansOnlyByExactIndex()) {
			// First: the rewrite's conditional writes need it on such a server.
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.ID, ContactDocuments.VERSION),
					new IndexOptions().unique(true).name("id_version"));
		}
		for (String name : FORMAT_1_INDEXES) {
			dropIndex(existing, name);
		}
		// Before the identity index: format-1 documents have no _sync.keys, and a unique
		// index would take them all for one missing key. Once it exists, every document
		// is in format 2, and no start scans the collection for format 1 again.
		if (!existing.containsKey("identity") && !existing.containsKey("tenant_identity")) {
			rewriteFormatOne();
		}
		if (this.sharded) {
			// A unique index on a sharded collection must start with the shard key.
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.TENANT, ContactDocuments.KEYS),
					new IndexOptions().unique(true).name("tenant_identity"));
		}
		else {
			this.contacts.createIndex(Indexes.ascending(ContactDocuments.KEYS),
					new IndexOptions().unique(true).name("identity"));
		}
		this.contacts.createIndex(Indexes.ascending(ContactDocuments.TENANT, ContactDocuments.SHARED_KEYS),
				new IndexOptions().sparse(true).name("tenant_shared_keys"));
	}

	/**
	 * Rewrites every document of format 1 (no {@code _sync}) in format 2, each
	 * conditional on its version, so an instance doing the same at the same time, or a
	 * worker that changed the contact meanwhile, wins and nothing is lost. Outbox entries
	 * come along: whoever loads their contact publishes them.
	 */
	private void rewriteFormatOne() {
		Bson formatOne = Filters.exists(ContactDocuments.SYNC, false);
		long total = this.contacts.countDocuments(formatOne);
		if (total == 0) {
			return;
		}
		log.info("Rewriting {} contacts stored in format 1 in format 2 (see docs/operations.md, "
				+ "\"Upgrading the store\")", total);
		long rewritten = 0;
		List<WriteModel<Document>> chunk = new ArrayList<>(REWRITE_CHUNK);
		for (Document doc : this.contacts.find(formatOne).batchSize(REWRITE_CHUNK)) {
			StoredContact stored;
			try {
				stored = ContactDocuments.fromDocument(doc);
			}
			catch (RuntimeException ex) {
				// Loud, not skipped: a contact left out of the index would be
				// duplicated by the next command about that person. The id only,
				// never values.
				throw new IllegalStateException(
						"The contact store holds a document of format 1 that cannot be read (" + "_id "
								+ doc.get(ContactDocuments.ID) + ", " + ex.getClass().getSimpleName()
								+ "): fix or remove it, then start again (docs/operations.md, \"Upgrading the store\")",
						ex);
			}
			Contact contact = stored.contact();
			chunk.add(new ReplaceOneModel<>(atVersion(contact, contact.version()), ContactDocuments.toDocument(contact,
					stored.outbox(), allowsDuplicates(contact), stored.preserved())));
			if (chunk.size() == REWRITE_CHUNK) {
				rewritten += rewrite(chunk);
				log.info("Rewrote {} of {} contacts in format 2", rewritten, total);
			}
		}
		rewritten += rewrite(chunk);
		log.info("Rewrote {} contacts in format 2; the store holds format 2 only", rewritten);
	}

	private int rewrite(List<WriteModel<Document>> chunk) {
		if (chunk.isEmpty()) {
			return 0;
		}
		int n = chunk.size();
		this.contacts.bulkWrite(chunk, new BulkWriteOptions().ordered(false));
		chunk.clear();
		return n;
	}

	private boolean allowsDuplicates(Contact contact) {
		return this.policies.policyFor(contact.tenantId()).allowDuplicates();
	}

	private void dropIndex(Map<String, Document> existing, String name) {
		if (existing.remove(name) != null) {
			this.contacts.dropIndex(name);
			log.info("Dropped index {} of the contact store's earlier format", name);
		}
	}

	/**
	 * Whether the server only uses an index whose fields are exactly a query's (as
	 * mongo-java-server does; it reports no {@code gitVersion}). Conditional writes query
	 * {@code _id} and {@code version}: MongoDB serves them with the {@code _id} index;
	 * such a server needs an index on both, or it would scan every document per write.
	 */
	private boolean plansOnlyByExactIndex() {
		return !this.database.runCommand(new Document("buildInfo", 1)).containsKey("gitVersion");
	}

	/**
	 * Every contact any of these commands can match: by unique key, by shared key for
	 * tenants that allow duplicates (their shared identifiers are not unique), and by the
	 * keys of the records whose outbox entries they hold.
	 */
	@Override
	public Map<ContactId, StoredContact> load(Collection<LookupKeys> lookups, Map<TenantId, Set<Origin>> records) {
		Map<TenantId, Set<String>> unique = new LinkedHashMap<>();
		records.forEach((tenant, origins) -> origins
			.forEach((origin) -> keysOf(unique, tenant).add(ContactKeys.origin(tenant, origin))));
		Map<TenantId, Set<String>> shared = new LinkedHashMap<>();
		for (LookupKeys lookup : lookups) {
			TenantId tenant = lookup.tenantId();
			boolean duplicates = this.policies.policyFor(tenant).allowDuplicates();
			List<String> keys = ContactKeys.of(lookup);
			// The contact's own keys come first, and are unique in every tenant.
			int own = ContactKeys.ownKeys(lookup);
			keysOf(unique, tenant).addAll(duplicates ? keys.subList(0, own) : keys);
			if (duplicates) {
				keysOf(shared, tenant).addAll(keys.subList(own, keys.size()));
			}
		}
		Map<ContactId, StoredContact> found = new HashMap<>();
		for (Bson filter : byKeys(ContactDocuments.KEYS, unique, this.sharded)) {
			find(filter, found);
		}
		for (Bson filter : byKeys(ContactDocuments.SHARED_KEYS, shared, true)) {
			find(filter, found);
		}
		return found;
	}

	private static Set<String> keysOf(Map<TenantId, Set<String>> keys, TenantId tenant) {
		return keys.computeIfAbsent(tenant, (t) -> new LinkedHashSet<>());
	}

	/**
	 * Queries of at most {@link #KEYS_PER_QUERY} keys each. Keys carry their tenant, so a
	 * unique index on the keys alone serves every tenant with one {@code $in}; queries on
	 * an index that starts with the tenant (sharded collections, shared keys) name it, so
	 * they go to one shard.
	 */
	private static List<Bson> byKeys(String field, Map<TenantId, Set<String>> keysByTenant, boolean perTenant) {
		List<Bson> filters = new ArrayList<>();
		if (!perTenant) {
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

	/**
	 * The filter matching exactly one stored version of a contact. A plain document, not
	 * {@code Filters.and} (which renders as {@code $and}): a server that plans only by
	 * exact index fields would not use its index for that.
	 */
	private Bson atVersion(Contact contact, long version) {
		Document filter = new Document();
		if (this.sharded) {
			// On a sharded collection every conditional write names the shard key.
			filter.append(ContactDocuments.TENANT, contact.tenantId().value());
		}
		return filter.append(ContactDocuments.ID, contact.id().value()).append(ContactDocuments.VERSION, version);
	}

	/** One unordered bulk request for every change; see {@link Contacts#write}. */
	@Override
	public Set<ContactId> write(List<ContactWrite> writes) {
		if (writes.isEmpty()) {
			return Set.of();
		}
		List<WriteModel<Document>> models = new ArrayList<>(writes.size());
		for (ContactWrite write : writes) {
			Document doc = ContactDocuments.toDocument(write.contact(), write.outbox(),
					allowsDuplicates(write.contact()), write.preserved());
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
