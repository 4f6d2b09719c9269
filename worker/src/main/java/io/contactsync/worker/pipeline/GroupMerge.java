package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.worker.merge.Contact;
import io.contactsync.worker.merge.ContactChange;
import io.contactsync.worker.merge.ContactId;
import io.contactsync.worker.merge.Created;
import io.contactsync.worker.merge.FieldChange;
import io.contactsync.worker.merge.IgnoredIdentifier;
import io.contactsync.worker.merge.MergeEngine;
import io.contactsync.worker.merge.MergeOutcome;
import io.contactsync.worker.merge.NormalizedCommand;
import io.contactsync.worker.merge.Rejected;
import io.contactsync.worker.merge.Unchanged;
import io.contactsync.worker.merge.Updated;
import io.contactsync.worker.merge.Violation;
import io.contactsync.worker.outbox.Origin;
import io.contactsync.worker.outbox.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4 for one group: merges its commands in batch order into the working set, so a
 * later command sees what an earlier one did, and gives each visible change its event,
 * encoded once. A command whose result breaks a limit (the engine's, or an event larger
 * than the broker takes) changes nothing and comes back {@link Rejected}.
 */
final class GroupMerge {

	private static final Logger log = LoggerFactory.getLogger(GroupMerge.class);

	private final MergeEngine engine;

	private final EventMaker events;

	GroupMerge(MergeEngine engine, EventMaker events) {
		this.engine = engine;
		this.events = events;
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

	/**
	 * Merges a group.
	 * @param consumerGroup the consumer group the commands were read with (the origin of
	 * their events)
	 */
	Result apply(List<Pending> group, WorkingSet working, Instant now, boolean replay, String consumerGroup) {
		Set<ContactId> touched = new HashSet<>();
		List<MergeOutcome> outcomes = new ArrayList<>(group.size());
		for (Pending pending : group) {
			NormalizedCommand command = pending.command();
			Origin origin = pending.origin(consumerGroup);
			Contact changed = working.changedBy(origin);
			// A record whose change is stored already (its entry is in the contact's
			// outbox) is not merged again: identifiers it was matched by may have
			// moved since, and a second match could pick another contact. Its entry
			// is published as this batch's own.
			MergeOutcome outcome = (changed != null) ? new Unchanged(changed, true, 0, List.of())
					: this.engine.apply(command, working.candidates(pending.keys()), now);
			outcome = switch (outcome) {
				case Created created -> {
					PendingEvent event = event(true, created.contact(), command, created.changes(), created.ignored(),
							origin, now, replay);
					if (event == null) {
						yield tooLarge();
					}
					working.created(created.contact(), event);
					yield created;
				}
				case Updated updated -> {
					PendingEvent event = updated.changes().isEmpty() ? null : event(false, updated.after(), command,
							updated.changes(), updated.ignored(), origin, now, replay);
					if (event == null && !updated.changes().isEmpty()) {
						yield tooLarge();
					}
					working.updated(updated.before(), updated.after(), event);
					yield updated;
				}
				case Unchanged unchanged -> unchanged;
				case Rejected rejected -> rejected;
			};
			ContactId contact = contactOf(outcome);
			if (contact != null) {
				touched.add(contact);
			}
			ContactId written = writtenContact(outcome);
			if (written != null) {
				working.writtenBy(written, origin);
			}
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

	/**
	 * The event, encoded once: its bytes are published, and its change is stored; null
	 * when it is larger than the broker takes.
	 */
	private PendingEvent event(boolean created, Contact after, NormalizedCommand command, List<FieldChange> changes,
			List<IgnoredIdentifier> ignored, Origin origin, Instant now, boolean replay) {
		return this.events.event(ContactChange.of(created, command, changes, ignored), after, origin, now, replay);
	}

	private Rejected tooLarge() {
		return new Rejected(List.of(new Violation("contact", "would make an event larger than "
				+ this.events.maxEventBytes() + " bytes (contact-sync.pipeline.max-event-bytes)")));
	}

	/** The contact a created or updated outcome wrote; null when nothing was written. */
	static ContactId writtenContact(MergeOutcome outcome) {
		return (outcome instanceof Created || outcome instanceof Updated) ? contactOf(outcome) : null;
	}

	private static ContactId contactOf(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> created.contact().id();
			case Updated updated -> updated.after().id();
			case Unchanged unchanged -> unchanged.contact().id();
			case Rejected rejected -> null;
		};
	}

	private static String summary(MergeOutcome outcome) {
		return switch (outcome) {
			case Created created -> "created contact " + created.contact().id();
			case Updated updated -> "updated contact " + updated.after().id() + " to v" + updated.after().version();
			case Unchanged unchanged ->
				"unchanged contact " + unchanged.contact().id() + (unchanged.duplicate() ? " (duplicate)" : "");
			case Rejected rejected -> "refused: " + rejected.violations();
		};
	}

}
