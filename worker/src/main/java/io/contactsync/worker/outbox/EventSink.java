package io.contactsync.worker.outbox;

import java.util.Collection;

/**
 * Where outbox events go: the events topic (and each contact's state to the state topic).
 */
public interface EventSink {

	/**
	 * Publishes the deliveries' events in order and waits until the broker has them.
	 * @param deliveries events per contact, oldest first
	 * @throws io.contactsync.worker.failure.TransientFailureException when the broker did
	 * not acknowledge every record
	 */
	void publish(Collection<OutboxDelivery> deliveries);

}
