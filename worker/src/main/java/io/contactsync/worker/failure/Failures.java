package io.contactsync.worker.failure;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Tells failures that go away by themselves (retry, never skip) from failures of the data
 * (dead-letter). A schema registry outage must not send good records to the dead-letter
 * topic.
 */
public final class Failures {

	private Failures() {
	}

	public static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
					|| cause instanceof HttpTimeoutException || cause instanceof TimeoutException
					|| cause instanceof UnknownHostException) {
				return true;
			}
			String name = cause.getClass().getSimpleName();
			if (name.contains("Timeout") || name.contains("ConnectException") || name.contains("Unavailable")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** The failure's class and message, trimmed: never a payload. */
	public static String describe(Throwable failure) {
		String message = failure.getMessage();
		if (message == null) {
			return failure.getClass().getSimpleName();
		}
		return failure.getClass().getSimpleName() + ": "
				+ ((message.length() > 200) ? message.substring(0, 200) + "..." : message);
	}

}
