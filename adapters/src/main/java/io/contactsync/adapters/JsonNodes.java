package io.contactsync.adapters;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.StringNode;

/**
 * The JSON reader the adapters expect: decimals are read as {@code BigDecimal}, so
 * {@code 1250.10} reaches the command as {@code "1250.10"} and not as a binary double.
 */
public final class JsonNodes {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private JsonNodes() {
	}

	/** The mapper to read vendor bodies with. */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Parses one JSON document.
	 * @throws JacksonException when the text is not well-formed JSON (its message may
	 * quote the input: do not show it where personal data must not appear)
	 */
	public static JsonNode parse(String json) {
		return MAPPER.readTree(json);
	}

	static String quote(String text) {
		return new StringNode(text).toString();
	}

	/** Decimal text of a number node without exponent: {@code 100}, {@code 100.5}. */
	static String numberText(JsonNode number) {
		if (number.isIntegralNumber()) {
			return number.bigIntegerValue().toString();
		}
		return number.decimalValue().toPlainString();
	}

	static JsonNodeFactory nodes() {
		return MAPPER.getNodeFactory();
	}

}
