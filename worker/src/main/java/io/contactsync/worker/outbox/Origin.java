package io.contactsync.worker.outbox;

import java.util.Objects;

/**
 * The record whose command caused an event, and the consumer group that read it. Once the
 * group's committed offset on that partition has passed it, the batch that published the
 * event is committed: the event is surely out, and its outbox entry can go.
 *
 * @param group the consumer group
 * @param topic the command topic
 * @param partition its partition
 * @param offset the record's offset
 */
public record Origin(String group, String topic, int partition, long offset) {

	public Origin {
		Objects.requireNonNull(group, "group");
		Objects.requireNonNull(topic, "topic");
	}

}
