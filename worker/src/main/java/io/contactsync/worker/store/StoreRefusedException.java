package io.contactsync.worker.store;

import io.contactsync.worker.merge.ContactId;

/**
 * The store refused one contact's write for its content (too large, a name it does not
 * accept): no retry can help, so the commands that built it are dead-lettered. The
 * store's own message, which can quote values, is not kept.
 */
public class StoreRefusedException extends RuntimeException {

	private final ContactId contact;

	private final int code;

	public StoreRefusedException(ContactId contact, int code, Throwable cause) {
		super("the store refused the write of contact " + contact + " (error code " + code + ")", cause);
		this.contact = contact;
		this.code = code;
	}

	public ContactId contact() {
		return this.contact;
	}

	public int code() {
		return this.code;
	}

}
