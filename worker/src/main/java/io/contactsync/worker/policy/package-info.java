/** Per-tenant matching policies from configuration (contact-sync.matching.*). */
package io.contactsync.worker.policy;
