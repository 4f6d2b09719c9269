package io.contactsync.worker.merge;

/**
 * Characters no stored text may hold: NUL and the other control characters (tab, line
 * feed and carriage return only in free text), and lone surrogates, which are not Unicode
 * text at all and would be stored as replacement characters.
 */
final class TextRules {

	private TextRules() {
	}

	/** Whether a name-like value (an id, a key, a tag, an email) is clean. */
	static boolean isCleanName(String value) {
		return isClean(value, false);
	}

	/** Whether a free-text value is clean; tabs and line breaks are allowed. */
	static boolean isCleanText(String value) {
		return isClean(value, true);
	}

	private static boolean isClean(String value, boolean lineBreaks) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
				if (!(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
					return false;
				}
			}
			else if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
				return false;
			}
		}
		return true;
	}

}
