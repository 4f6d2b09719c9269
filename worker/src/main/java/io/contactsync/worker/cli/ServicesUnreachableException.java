package io.contactsync.worker.cli;

import java.util.List;

/**
 * Services the worker needs accept no connection at start-up. Its message is the
 * sentences, one per service, that {@link ServicesUnreachableFailureAnalyzer} prints
 * instead of a stack trace.
 */
class ServicesUnreachableException extends RuntimeException {

	private final List<String> sentences;

	ServicesUnreachableException(List<String> sentences) {
		super(String.join(" ", sentences));
		this.sentences = List.copyOf(sentences);
	}

	List<String> sentences() {
		return this.sentences;
	}

}
