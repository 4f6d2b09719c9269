/**
 * Per-tenant matching policies and limits from configuration (contact-sync.matching.*,
 * contact-sync.limits.*).
 */
package io.contactsync.worker.policy;
