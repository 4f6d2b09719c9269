/**
 * The outbox in each contact document: pending events, their relay to Kafka, the sweeper.
 */
package io.contactsync.worker.outbox;
