/**
 * The outbox in each contact document: pending events, what says they are out, and their
 * relay to Kafka.
 */
package io.contactsync.worker.outbox;
