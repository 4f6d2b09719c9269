package io.contactsync.worker.merge;

/**
 * Idempotency key of an upsert command, chosen by the producer, within its source system:
 * two systems that happen to use the same ids never mistake each other's commands for one
 * (docs/semantics.md, "Command ids").
 *
 * @param system the publishing system ({@link SourceLink#system()}), a slug
 * @param value the command id, never blank
 */
public record CommandId(String system, String value) {

	public CommandId {
		Ids.requireNonBlank(system, "CommandId system");
		Ids.requireNonBlank(value, "CommandId");
	}

	/**
	 * The command's identity across systems, {@code system/value}: unambiguous because a
	 * system name holds no {@code /}. Stamps, created contact ids and event ids use it.
	 * @return the scoped id
	 */
	public String scoped() {
		return this.system + "/" + this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
