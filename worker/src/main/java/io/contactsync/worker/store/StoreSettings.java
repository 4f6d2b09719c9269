package io.contactsync.worker.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Contact store settings ({@code contact-sync.store.*}).
 *
 * @param collection the MongoDB collection of contacts
 * @param sharded true when the collection is sharded on {@code tenantId}: then every
 * unique index and every conditional write names the shard key, as MongoDB requires. When
 * false (a replica set), the store uses a single-field unique index on the identity keys
 * ({@code _sync.keys}), as strict since keys carry their tenant. See
 * docs/architecture.md.
 */
@ConfigurationProperties("contact-sync.store")
public record StoreSettings(@DefaultValue("contacts") String collection, @DefaultValue("false") boolean sharded) {
}
