package io.contactsync.worker.merge;

/** Why an existing contact was chosen as the target of a command. */
public enum MatchedBy {

	/** It is the contact this very command created earlier (a redelivery). */
	CREATED_BY_COMMAND,

	/** Its sources contain the command's (system, recordId). */
	SOURCE_LINK,

	/** It owns the command's email. */
	EMAIL,

	/** It owns the command's phone. */
	PHONE;

	static MatchedBy of(IdentifierKind kind) {
		return (kind == IdentifierKind.EMAIL) ? EMAIL : PHONE;
	}

}
