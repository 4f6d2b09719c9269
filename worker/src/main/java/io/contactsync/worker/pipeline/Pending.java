package io.contactsync.worker.pipeline;

import io.contactsync.worker.merge.NormalizedCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A valid command waiting to be merged, with the record it came from.
 *
 * @param record the consumed record (coordinates for logs)
 * @param command the normalized command
 */
record Pending(ConsumerRecord<String, ?> record, NormalizedCommand command) {
}
