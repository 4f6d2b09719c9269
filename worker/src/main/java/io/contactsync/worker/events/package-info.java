/** Contact events: domain results mapped to the Avro contract and published to Kafka. */
package io.contactsync.worker.events;
