package io.contactsync.worker.failure;

/**
 * A failure that will go away by itself: store or broker unreachable, a timeout, a
 * registry outage, too much write contention. The batch is retried with back-off, never
 * skipped and never committed past.
 */
public class TransientFailureException extends RuntimeException {

	public TransientFailureException(String message, Throwable cause) {
		super(message, cause);
	}

	public TransientFailureException(String message) {
		super(message);
	}

}
