package io.contactsync.worker.hostile;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.contactsync.worker.hostile.HostileCorpus.Hostile;

/**
 * Finds the corpus's personal values in text (log lines, dead-letter headers), in any
 * spelling the worker could give them: every generated email is in one domain that
 * nothing else uses, and every phone is recognised by its digits, however it is
 * punctuated.
 */
final class PersonalData {

	private final Set<String> phoneDigits;

	private PersonalData(Set<String> phoneDigits) {
		this.phoneDigits = phoneDigits;
	}

	static PersonalData of(List<Hostile> corpus) {
		Set<String> digits = new HashSet<>();
		for (Hostile record : corpus) {
			for (String value : record.personal()) {
				String national = national(value);
				if (national != null) {
					digits.add(national);
				}
			}
		}
		return new PersonalData(digits);
	}

	/** Whether the text holds a generated email or phone. */
	boolean foundIn(String text) {
		if (text == null || text.isEmpty()) {
			return false;
		}
		if (text.toLowerCase(Locale.ROOT).contains(HostileCorpus.EMAIL_DOMAIN)) {
			return true;
		}
		// Runs of digits and phone punctuation, e.g. "+1 (646) 555-0123".
		StringBuilder run = new StringBuilder();
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '\n';
			if (Character.isDigit(c) || "+() .-".indexOf(c) >= 0) {
				run.append(c);
			}
			else if (!run.isEmpty()) {
				String national = national(run.toString());
				if (national != null && this.phoneDigits.contains(national)) {
					return true;
				}
				run.setLength(0);
			}
		}
		return false;
	}

	/** The text with generated emails and phones masked, for reports. */
	String masked(String text) {
		String masked = text.replaceAll(
				"[^\\s\"'<>(),;:|\\[\\]{}=]*@(?i:" + HostileCorpus.EMAIL_DOMAIN.replace(".", "\\.") + ")", "<email>");
		StringBuilder out = new StringBuilder();
		StringBuilder run = new StringBuilder();
		for (int i = 0; i <= masked.length(); i++) {
			char c = (i < masked.length()) ? masked.charAt(i) : '\n';
			if (Character.isDigit(c) || "+() .-".indexOf(c) >= 0) {
				run.append(c);
				continue;
			}
			String national = national(run.toString());
			out.append((national != null && this.phoneDigits.contains(national)) ? "<phone>" : run);
			run.setLength(0);
			if (i < masked.length()) {
				out.append(c);
			}
		}
		return out.toString();
	}

	/** The ten national digits of a US number, or null. */
	private static String national(String value) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			if (Character.isDigit(value.charAt(i))) {
				digits.append(value.charAt(i));
			}
		}
		if (digits.length() == 11 && digits.charAt(0) == '1') {
			digits.deleteCharAt(0);
		}
		return (digits.length() == 10) ? digits.toString() : null;
	}

}
