package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 for one group: merges its commands in batch order into the working set, so a
 * later command sees what an earlier one did, and gives each visible change its event.
 */
final class GroupMerge {

	private static final Logger log = LoggerFactory.getLogger(GroupMerge.class);

	private final MergeEngine engine;

	GroupMerge(MergeEngine engine) {
		this.engine = engine;
	}

	/**
	 * What one group did.
	 *
	 * @param group the commands, in batch order
	 * @param touched every contact they matched or created: if one of them loses its
	 * write, the whole group goes round again
	 * @param outcomes one per command, in the same order
	 */
	record Result(List<Pending> group, Set<ContactId> touched, List<MergeOutcome> outcomes) {
	}

	Result apply(List<Pending> group, WorkingSet working, Instant now, boolean replay) {
		Set<ContactId> touched = new HashSet<>();
		List<MergeOutcome> outcomes = new ArrayList<>(group.size());
		for (Pending pending : group) {
			NormalizedCommand command = pending.command();
			MergeOutcome outcome = this.engine.apply(command, working.candidates(pending.keys()), now);
			switch (outcome) {
				case Created created -> working.created(created.contact(), ContactEvents.event(true, created.contact(),
						command, created.changes(), created.ignored(), now, replay), now);
				case Updated updated -> working.updated(
						updated.before(), updated.after(), updated.changes().isEmpty() ? null : ContactEvents
							.event(false, updated.after(), command, updated.changes(), updated.ignored(), now, replay),
						now);
				case Unchanged unchanged -> {
				}
			}
			touched.add(contactOf(outcome));
			outcomes.add(outcome);
			if (log.isDebugEnabled()) {
				// Ids and coordinates only: never field values.
				log.debug("command {} of tenant {} from {}-{}@{}: {}", command.commandId().value(),
						command.tenantId().value(), pending.record().topic(), pending.record().partition(),
						pending.record().offset(), summary(outcome));
			}
		}
		return new Result(group, touched, outcomes);
	}

	/** The contact a created or updated outcome wrote; null when nothing was written. */
	static ContactId writtenContact(MergeOutcome outcome) {
		return (outcome instanceof Unchanged) ? null : contactOf(outcome);
	}

	private static ContactId contactOf(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> created.contact().id();
			case Updated updated -> updated.after().id();
			case Unchanged unchanged -> unchanged.contact().id();
		};
	}

	private static String summary(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> "created contact " + created.contact().id();
			case Updated updated -> "updated contact " + updated.after().id() + " to v" + updated.after().version();
			case Unchanged unchanged ->
				"unchanged contact " + unchanged.contact().id() + (unchanged.duplicate() ? " (duplicate)" : "");
		};
	}

}
