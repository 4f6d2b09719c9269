package io.contactsync.worker.deadletter;

import java.util.List;

/** Where records the worker will not apply go: the dead-letter topic. */
public interface DeadLetterSink {

	/**
	 * Publishes the dead letters and waits until the broker has them.
	 * @param deadLetters records with their reasons
	 * @throws io.contactsync.worker.failure.TransientFailureException when the broker did
	 * not acknowledge them
	 */
	void publish(List<DeadLetter> deadLetters);

}
