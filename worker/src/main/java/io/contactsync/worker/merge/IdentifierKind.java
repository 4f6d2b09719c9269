package io.contactsync.worker.merge;

/** The identifiers a tenant can match contacts on. */
public enum IdentifierKind {

	EMAIL, PHONE;

	ContactField field() {
		return (this == EMAIL) ? ContactField.EMAIL : ContactField.PHONE;
	}

	String path() {
		return field().path();
	}

}
