package io.contactsync.worker.merge;

final class Ids {

	private Ids() {
	}

	static void requireNonBlank(String value, String type) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(type + " must not be blank");
		}
	}

}
