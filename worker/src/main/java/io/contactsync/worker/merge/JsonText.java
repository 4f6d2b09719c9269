package io.contactsync.worker.merge;

import java.util.Collection;

import tools.jackson.core.io.JsonStringEncoder;

/** Compact JSON rendering of values for change reports. */
final class JsonText {

	private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

	private JsonText() {
	}

	static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		ENCODER.quoteAsString(text, out);
		return out.append('"').toString();
	}

	static String array(Collection<String> values) {
		StringBuilder out = new StringBuilder(16 * values.size() + 2).append('[');
		for (String value : values) {
			if (out.length() > 1) {
				out.append(',');
			}
			out.append('"');
			ENCODER.quoteAsString(value, out);
			out.append('"');
		}
		return out.append(']').toString();
	}

	static void field(StringBuilder out, String name, Object value) {
		if (value == null) {
			return;
		}
		if (out.length() > 1) {
			out.append(',');
		}
		out.append(quote(name)).append(':');
		out.append((value instanceof String text) ? quote(text) : value.toString());
	}

}
