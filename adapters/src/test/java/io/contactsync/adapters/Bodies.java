package io.contactsync.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.contactsync.contracts.ContactUpsertCommand;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Test bodies and contexts. */
final class Bodies {

	static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

	private Bodies() {
	}

	static JsonNode seed(String path) {
		try (InputStream in = Bodies.class.getResourceAsStream("/seeds/" + path)) {
			return JsonNodes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Single quotes for readability: {@code {'a': 1}}. */
	static JsonNode json(String singleQuoted) {
		return JsonNodes.parse(singleQuoted.replace('\'', '"'));
	}

	static AdapterContext context(String tenant) {
		return new AdapterContext("cmd-1", tenant, NOW);
	}

	static ContactUpsertCommand mapped(AdapterResult result) {
		assertThat(result).isInstanceOf(AdapterResult.Mapped.class);
		return ((AdapterResult.Mapped) result).command();
	}

	static AdapterResult.Invalid invalid(AdapterResult result) {
		assertThat(result).isInstanceOf(AdapterResult.Invalid.class);
		return (AdapterResult.Invalid) result;
	}

}
