package io.contactsync.worker.merge;

import java.util.List;

/**
 * The command is invalid and changes nothing. Not retryable.
 *
 * @param violations what is wrong, never empty
 */
public record Rejected(List<Violation> violations) implements Normalized, MergeOutcome {

	public Rejected {
		violations = List.copyOf(violations);
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("a rejection needs at least one violation");
		}
	}

}
