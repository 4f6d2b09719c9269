package io.contactsync.worker.outbox;

import java.util.Collection;
import java.util.Set;

/**
 * Where outbox events go: the events topic (and each contact's state to the state topic).
 */
public interface EventSink {

	/**
	 * Publishes the deliveries' events in order and waits until the broker has them.
	 * @param deliveries events per contact, oldest first
	 * @return ids of events that can never be published (too large for the broker, or an
	 * outbox entry no schema this version knows can read); every other event is
	 * acknowledged
	 * @throws io.contactsync.worker.failure.TransientFailureException when the broker did
	 * not acknowledge every record and may later
	 */
	Set<String> publish(Collection<OutboxDelivery> deliveries);

}
