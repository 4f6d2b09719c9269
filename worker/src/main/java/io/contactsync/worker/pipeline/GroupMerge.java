package io.contactsync.worker.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.worker.events.ContactEvents;
import io.contactsync.worker.events.EventEncoder;
import io.contactsync.worker.merge.Contact;
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

	private final EventEncoder encoder;

	private final int maxEventBytes;

	GroupMerge(MergeEngine engine, EventEncoder encoder, int maxEventBytes) {
		this.engine = engine;
		this.encoder = encoder;
		this.maxEventBytes = maxEventBytes;
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
			outcome = switch (outcome) {
				case Created created -> {
					PendingEvent event = event(true, created.contact(), command, created.changes(), created.ignored(),
							now, replay);
					if (event == null) {
						yield tooLarge();
					}
					working.created(created.contact(), event);
					yield created;
				}
				case Updated updated -> {
					PendingEvent event = updated.changes().isEmpty() ? null
							: event(false, updated.after(), command, updated.changes(), updated.ignored(), now, replay);
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
	 * The event as stored and published; null when it is larger than the broker takes.
	 */
	private PendingEvent event(boolean created, Contact after, NormalizedCommand command, List<FieldChange> changes,
			List<IgnoredIdentifier> ignored, Instant now, boolean replay) {
		ContactEvent event = ContactEvents.event(created, after, command, changes, ignored, now, replay);
		byte[] bytes = this.encoder.event(event);
		if (bytes.length > this.maxEventBytes) {
			return null;
		}
		return new PendingEvent(event.getEventId(), after.version(), now, bytes, PendingEvent.Encoding.WIRE,
				command.stamp().occurredAt(), command.commandId().scoped());
	}

	private Rejected tooLarge() {
		return new Rejected(List.of(new Violation("contact", "would make an event larger than " + this.maxEventBytes
				+ " bytes (contact-sync.pipeline.max-event-bytes)")));
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
