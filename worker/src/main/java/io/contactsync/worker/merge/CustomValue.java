package io.contactsync.worker.merge;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The value of one custom field, by kind (HighLevel text, numeric, monetary, checkbox,
 * file...; Notifuse custom_string/number/datetime/json). Each kind renders to a display
 * string for change reports: scalars as text, lists and records as compact JSON.
 */
public sealed interface CustomValue {

	/**
	 * The value as shown in a {@link FieldChange}.
	 * @return text for scalars, compact JSON for lists and records
	 */
	String display();

	/** Text, large text, single select or radio value. */
	record Text(String value) implements CustomValue {

		public Text {
			Objects.requireNonNull(value, "value");
		}

		@Override
		public String display() {
			return this.value;
		}

	}

	/**
	 * A number, canonicalized (100.50 and 1.005E+2 are both 100.5) so equal numbers are
	 * equal values.
	 */
	record Number(BigDecimal value) implements CustomValue {

		public Number {
			value = canonical(Objects.requireNonNull(value, "value"));
		}

		@Override
		public String display() {
			return this.value.toPlainString();
		}

	}

	/**
	 * An amount plus an optional ISO 4217 currency; the amount is canonicalized like
	 * {@link Number}.
	 */
	record Monetary(BigDecimal amount, String currency) implements CustomValue {

		public Monetary {
			amount = canonical(Objects.requireNonNull(amount, "amount"));
		}

		@Override
		public String display() {
			StringBuilder json = new StringBuilder("{");
			JsonText.field(json, "amount", this.amount.toPlainString());
			JsonText.field(json, "currency", this.currency);
			return json.append('}').toString();
		}

	}

	/** An instant, millisecond precision (as in the Avro contract). */
	record DateTime(Instant value) implements CustomValue {

		public DateTime {
			value = Objects.requireNonNull(value, "value").truncatedTo(ChronoUnit.MILLIS);
		}

		@Override
		public String display() {
			return this.value.toString();
		}

	}

	/** A checkbox-like yes/no. */
	record Bool(boolean value) implements CustomValue {

		@Override
		public String display() {
			return Boolean.toString(this.value);
		}

	}

	/** Checkbox or multi-select values, in the order given. */
	record ListOf(List<String> values) implements CustomValue {

		public ListOf {
			values = List.copyOf(values);
		}

		@Override
		public String display() {
			return JsonText.array(this.values);
		}

	}

	/** A JSON document as text; normalization stores it in compact form. */
	record Json(String json) implements CustomValue {

		public Json {
			Objects.requireNonNull(json, "json");
		}

		@Override
		public String display() {
			return this.json;
		}

	}

	/**
	 * A reference to an uploaded file (HighLevel file field); the bytes stay where they
	 * are.
	 */
	record FileRef(String url, String documentId, String fileName, String mimeType,
			Long sizeBytes) implements CustomValue {

		public FileRef {
			Objects.requireNonNull(url, "url");
		}

		@Override
		public String display() {
			StringBuilder json = new StringBuilder("{");
			JsonText.field(json, "url", this.url);
			JsonText.field(json, "documentId", this.documentId);
			JsonText.field(json, "fileName", this.fileName);
			JsonText.field(json, "mimeType", this.mimeType);
			JsonText.field(json, "sizeBytes", this.sizeBytes);
			return json.append('}').toString();
		}

	}

	/**
	 * Digits a number may have before and after the decimal point when written out in
	 * full: 1E+2147483647 is one digit of text but two billion digits of plain text.
	 */
	int MAX_DIGITS = 100;

	/**
	 * Whether a number has at most {@link #MAX_DIGITS} digits before and after the
	 * decimal point; only such numbers are values.
	 * @param value a number
	 * @return whether it is small enough to write out
	 */
	static boolean isBounded(BigDecimal value) {
		return value.scale() <= MAX_DIGITS && (long) value.precision() - value.scale() <= MAX_DIGITS;
	}

	/**
	 * A value of a kind this version does not know, written by a newer one: kept as it
	 * was stored and written back unchanged, so a rollback loses nothing. It takes part
	 * in last-writer-wins like any value; commands cannot write it.
	 *
	 * @param type the stored kind's name
	 * @param json the stored value, as JSON
	 */
	record Opaque(String type, String json) implements CustomValue {

		public Opaque {
			Objects.requireNonNull(type, "type");
			Objects.requireNonNull(json, "json");
		}

		@Override
		public String display() {
			return this.json;
		}

	}

	private static BigDecimal canonical(BigDecimal value) {
		if (!isBounded(value)) {
			throw new IllegalArgumentException(
					"a number must have at most " + MAX_DIGITS + " digits before and after the decimal point");
		}
		BigDecimal stripped = value.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

}
