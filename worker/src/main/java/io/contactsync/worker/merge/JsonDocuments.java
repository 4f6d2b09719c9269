package io.contactsync.worker.merge;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks JSON custom values and stores them compact. Limits: 16 KiB of UTF-8 and 10
 * levels of nesting, generous for profile data (Notifuse custom_json) and small enough
 * that one contact document stays far below MongoDB's 16 MiB.
 */
final class JsonDocuments {

	static final int MAX_BYTES = 16 * 1024;

	static final int MAX_DEPTH = 10;

	static final String MALFORMED_REASON = "is not well-formed JSON";

	static final String TOO_LARGE_REASON = "must be at most 16384 bytes of JSON";

	static final String TOO_DEEP_REASON = "must not nest JSON deeper than 10 levels";

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private JsonDocuments() {
	}

	/**
	 * The compact form of a JSON document.
	 * @param json the raw text
	 * @param field where to report a problem
	 * @param violations the report
	 * @return the compact JSON, or null when reported
	 */
	static String compact(String json, String field, Violations violations) {
		if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			violations.add(field, TOO_LARGE_REASON);
			return null;
		}
		try {
			// Walk the tokens first: it bounds the depth before any tree is built.
			if (depthOf(json) > MAX_DEPTH) {
				violations.add(field, TOO_DEEP_REASON);
				return null;
			}
			JsonNode tree = MAPPER.readTree(json);
			if (tree == null || tree.isMissingNode()) {
				violations.add(field, MALFORMED_REASON);
				return null;
			}
			return MAPPER.writeValueAsString(tree);
		}
		catch (JacksonException | NumberFormatException | ArithmeticException ex) {
			// Jackson lets a number it cannot hold (an exponent of twenty digits)
			// through as a plain NumberFormatException.
			violations.add(field, MALFORMED_REASON);
			return null;
		}
	}

	private static int depthOf(String json) {
		int depth = 0;
		int deepest = 0;
		try (JsonParser parser = MAPPER.createParser(json)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (token.isStructStart()) {
					deepest = Math.max(deepest, ++depth);
					if (deepest > MAX_DEPTH) {
						return deepest;
					}
				}
				else if (token.isStructEnd()) {
					depth--;
				}
			}
		}
		return deepest;
	}

}
