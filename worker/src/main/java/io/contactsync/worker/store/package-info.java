/** The MongoDB contact store: documents, identity keys, conditional writes. */
package io.contactsync.worker.store;
