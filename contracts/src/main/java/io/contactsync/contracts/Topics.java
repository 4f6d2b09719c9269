package io.contactsync.contracts;

/**
 * Default topic names. Every component lets you override them; these are what the
 * devstack, the demo and the docs use.
 */
public final class Topics {

	/** Contact upsert commands, keyed by {@link PartitionKeys#forCommand}. */
	public static final String COMMANDS = "contact-commands";

	/** Contact created/updated events, keyed by contact id. */
	public static final String EVENTS = "contact-events";

	/** Compacted: the latest full contact per contact id. */
	public static final String STATE = "contact-state";

	/** Commands the worker rejected, with the original bytes and error headers. */
	public static final String COMMANDS_DEAD_LETTER = "contact-commands-dlt";

	private Topics() {
	}

}
