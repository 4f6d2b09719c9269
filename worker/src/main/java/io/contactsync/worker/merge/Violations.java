package io.contactsync.worker.merge;

import java.util.ArrayList;
import java.util.List;

/** Collects violations in the order they are found. */
final class Violations {

	private final List<Violation> list = new ArrayList<>();

	void add(String field, String reason) {
		this.list.add(new Violation(field, reason));
	}

	boolean isEmpty() {
		return this.list.isEmpty();
	}

	boolean concerns(String field) {
		for (Violation violation : this.list) {
			if (violation.field().equals(field)) {
				return true;
			}
		}
		return false;
	}

	List<Violation> toList() {
		return List.copyOf(this.list);
	}

}
