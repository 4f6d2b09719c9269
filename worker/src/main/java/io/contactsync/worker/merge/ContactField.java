package io.contactsync.worker.merge;

/**
 * The scalar fields of a contact. Values are held as text: GENDER as MALE, FEMALE or
 * UNKNOWN; DND as true or false; DATE_OF_BIRTH as an ISO date (yyyy-MM-dd); EMAIL lower
 * case; PHONE E.164.
 */
public enum ContactField {

	EMAIL("email", 254), PHONE("phone", 20), FIRST_NAME("firstName", 100), LAST_NAME("lastName", 100),
	NAME("name", 100), GENDER("gender", 7), DATE_OF_BIRTH("dateOfBirth", 10), ADDRESS_LINE1("addressLine1"),
	ADDRESS_LINE2("addressLine2"), CITY("city"), STATE("state"), POSTAL_CODE("postalCode"), COUNTRY("country"),
	WEBSITE("website"), TIMEZONE("timezone"), LANGUAGE("language"), COMPANY_NAME("companyName"), JOB_TITLE("jobTitle"),
	AVATAR_URL("avatarUrl"), ASSIGNED_TO("assignedTo"), LEAD_SOURCE("leadSource"), DND("dnd", 5);

	/** Longest accepted value of a free-text field, in characters. */
	public static final int MAX_TEXT_LENGTH = 1000;

	private final String path;

	private final int maxLength;

	ContactField(String path) {
		this(path, MAX_TEXT_LENGTH);
	}

	ContactField(String path, int maxLength) {
		this.path = path;
		this.maxLength = maxLength;
	}

	/**
	 * The attribute name in the Avro contract and in change reports, e.g.
	 * {@code firstName}.
	 * @return the camelCase name
	 */
	public String path() {
		return this.path;
	}

	int maxLength() {
		return this.maxLength;
	}

	boolean isIdentifier() {
		return this == EMAIL || this == PHONE;
	}

}
