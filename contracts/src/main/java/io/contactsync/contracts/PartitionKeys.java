package io.contactsync.contracts;

import java.util.Locale;

/**
 * The record key for commands: tenant plus one normalized identifier, so that commands
 * about the same person tend to land on the same partition and are applied in order by
 * one consumer. Preference: email, then phone, then the source record id, then the
 * command id.
 *
 * <p>
 * This is a placement hint, not an identity: the worker stays correct when the same
 * person arrives on different partitions (e.g. once by email, once by phone only).
 */
public final class PartitionKeys {

	private PartitionKeys() {
	}

	public static String forCommand(ContactUpsertCommand command) {
		String recordId = (command.getSource() != null) ? command.getSource().getRecordId() : null;
		String system = (command.getSource() != null) ? command.getSource().getSystem() : null;
		return forIdentifiers(command.getTenantId(), command.getEmail(), command.getPhone(), system, recordId,
				command.getCommandId());
	}

	public static String forIdentifiers(String tenantId, String email, String phone, String sourceSystem,
			String sourceRecordId, String commandId) {
		if (tenantId == null || tenantId.isBlank()) {
			throw new IllegalArgumentException("tenantId is required to build a partition key");
		}
		String tenant = tenantId.strip();
		String normalizedEmail = normalizeEmail(email);
		if (normalizedEmail != null) {
			return tenant + "|e|" + normalizedEmail;
		}
		String digits = phoneDigits(phone);
		if (digits != null) {
			return tenant + "|p|" + digits;
		}
		if (sourceRecordId != null && !sourceRecordId.isBlank()) {
			return tenant + "|s|" + sourceSystem + "|" + sourceRecordId.strip();
		}
		return tenant + "|c|" + commandId;
	}

	static String normalizeEmail(String email) {
		if (email == null || email.isBlank()) {
			return null;
		}
		return email.strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * Digits only, without a leading 1 for ten-digit-plus-one numbers, so "+1
	 * 888-888-8888" and "(888) 888-8888" share a key. Full E.164 normalization needs the
	 * tenant's region and happens in the worker.
	 */
	static String phoneDigits(String phone) {
		if (phone == null) {
			return null;
		}
		StringBuilder digits = new StringBuilder(phone.length());
		for (int i = 0; i < phone.length(); i++) {
			char c = phone.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		if (digits.isEmpty()) {
			return null;
		}
		if (digits.length() == 11 && digits.charAt(0) == '1') {
			digits.deleteCharAt(0);
		}
		return digits.toString();
	}

}
