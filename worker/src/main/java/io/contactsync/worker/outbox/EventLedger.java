package io.contactsync.worker.outbox;

/**
 * Which records' events are surely out: published and acknowledged by the broker. An
 * outbox entry stays until its {@link Origin} is out, and goes with its contact's next
 * write after that.
 */
public interface EventLedger {

	/**
	 * Whether the events of this record are surely out. May answer false for a while
	 * after they are: an entry then stays a little longer, which is harmless. Must never
	 * answer true before they are.
	 * @param origin a record
	 * @return true once its batch's events are out
	 */
	boolean isOut(Origin origin);

}
