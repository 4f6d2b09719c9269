package io.contactsync.worker.merge;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the eight date-of-birth notations of HighLevel's upsert API: year first or month
 * first, with one separator of {@code - / . _} used twice.
 */
final class DatesOfBirth {

	static final String FORMAT_REASON = "must be a date written YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY_MM_DD, "
			+ "MM-DD-YYYY, MM/DD/YYYY, MM.DD.YYYY or MM_DD_YYYY";

	static final String IMPOSSIBLE_REASON = "is not a real calendar date";

	private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([-/._])(\\d{1,2})\\2(\\d{1,2})");

	private static final Pattern MONTH_FIRST = Pattern.compile("(\\d{1,2})([-/._])(\\d{1,2})\\2(\\d{4})");

	private DatesOfBirth() {
	}

	/**
	 * Parse a date of birth.
	 * @param text the trimmed raw value
	 * @param violations where to report a problem, as {@code dateOfBirth}
	 * @return the ISO date, or null when reported
	 */
	static String toIsoDate(String text, Violations violations) {
		Matcher yearFirst = YEAR_FIRST.matcher(text);
		if (yearFirst.matches()) {
			return isoDate(yearFirst.group(1), yearFirst.group(3), yearFirst.group(4), violations);
		}
		Matcher monthFirst = MONTH_FIRST.matcher(text);
		if (monthFirst.matches()) {
			return isoDate(monthFirst.group(4), monthFirst.group(1), monthFirst.group(3), violations);
		}
		violations.add(ContactField.DATE_OF_BIRTH.path(), FORMAT_REASON);
		return null;
	}

	private static String isoDate(String year, String month, String day, Violations violations) {
		try {
			return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)).toString();
		}
		catch (DateTimeException ex) {
			violations.add(ContactField.DATE_OF_BIRTH.path(), IMPOSSIBLE_REASON);
			return null;
		}
	}

}
