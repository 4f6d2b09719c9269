package io.contactsync.worker.pipeline;

import java.util.List;

import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.store.ContactKeys;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A valid command waiting to be merged, with the record it came from.
 *
 * @param record the consumed record (coordinates for logs and dead letters)
 * @param value the record's value, decoded (the record's own is null when it was decoded
 * again after a registry outage)
 * @param command the normalized command
 * @param keys the identity keys the command looks up, computed once: grouping and
 * candidate look-ups both need them
 */
public record Pending(ConsumerRecord<String, ?> record, DecodedCommand value, NormalizedCommand command,
		List<String> keys) {

	Pending(ConsumerRecord<String, ?> record, DecodedCommand value, NormalizedCommand command) {
		this(record, value, command, ContactKeys.of(command.lookupKeys()));
	}

	/** The record as the origin of the events its command causes. */
	Origin origin(String consumerGroup) {
		return new Origin(consumerGroup, this.record.topic(), this.record.partition(), this.record.offset());
	}

}
