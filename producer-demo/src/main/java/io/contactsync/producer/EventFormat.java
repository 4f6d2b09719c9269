package io.contactsync.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.contactsync.contracts.ContactEvent;
import io.contactsync.contracts.FieldChange;
import io.contactsync.contracts.IgnoredIdentifier;

/**
 * One readable line per event:
 * {@code UPDATED contact 3f… v2 tenant t-1 by notifuse/user_12345 | jobTitle: null -> "Engineer" | ignored PHONE +1883… (owner 9a…)}.
 */
final class EventFormat {

	private static final Set<String> IDENTIFIER_FIELDS = Set.of("email", "phone");

	private EventFormat() {
	}

	static String line(ContactEvent event, boolean redact) {
		List<String> parts = new ArrayList<>();
		String source = event.getSource().getSystem()
				+ ((event.getSource().getRecordId() != null) ? "/" + event.getSource().getRecordId() : "");
		parts.add(String.format("%-7s contact %s v%d tenant %s by %s (command %s)%s", event.getEventType(),
				event.getContactId(), event.getContactVersion(), event.getTenantId(), source, event.getCausationId(),
				event.getReplay() ? " [replay]" : ""));
		if (event.getChanges().isEmpty()) {
			parts.add("no visible changes");
		}
		for (FieldChange change : event.getChanges()) {
			boolean sensitive = redact && IDENTIFIER_FIELDS.contains(change.getField());
			parts.add(change.getField() + ": " + value(change.getBefore(), sensitive) + " -> "
					+ value(change.getAfter(), sensitive));
		}
		for (IgnoredIdentifier ignored : event.getIgnoredIdentifiers()) {
			parts.add("ignored " + ignored.getKind() + " " + (redact ? redact(ignored.getValue()) : ignored.getValue())
					+ " (owned by contact " + ignored.getOwnerContactId() + ")");
		}
		return String.join(" | ", parts);
	}

	private static String value(String value, boolean redact) {
		if (value == null) {
			return "null";
		}
		String shown = redact ? redact(value) : value;
		// Lists and records are JSON already; quote plain text so blanks stay visible.
		return (shown.startsWith("[") || shown.startsWith("{")) ? shown : "\"" + shown + "\"";
	}

	/**
	 * Keeps the first character and the domain of an email, the last two digits of a
	 * phone.
	 */
	static String redact(String value) {
		int at = value.indexOf('@');
		if (at > 0) {
			return value.charAt(0) + "***" + value.substring(at);
		}
		if (value.length() <= 2) {
			return "**";
		}
		return "*".repeat(value.length() - 2) + value.substring(value.length() - 2);
	}

}
