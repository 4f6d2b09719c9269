package io.contactsync.adapters;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * What a body does not say but a command needs.
 *
 * @param commandId the command id to use; {@code null} derives one from the content (see
 * {@link #contentAddressed})
 * @param defaultTenant the tenant for bodies that name none (ChatbotX, HighLevel
 * update-by-id); a tenant in the body wins; may be {@code null}
 * @param receivedAt the command time for bodies without their own update time
 */
public record AdapterContext(String commandId, String defaultTenant, Instant receivedAt) {

	public AdapterContext {
		if (receivedAt == null) {
			throw new IllegalArgumentException("receivedAt is required");
		}
	}

	/**
	 * For a live API call: a random command id and the clock's time.
	 */
	public static AdapterContext live(String defaultTenant, Clock clock) {
		return new AdapterContext(UUID.randomUUID().toString(), defaultTenant, clock.instant());
	}

	/**
	 * For imports: the command id is a name-based UUID of the vendor, path id, tenant,
	 * command time and the body's content (keys sorted), so importing the same record
	 * again yields the same command, which the worker recognises as a duplicate.
	 * @param receivedAt the time for records without their own update time; pass a stable
	 * one (the import uses the file's modification time), or re-imports differ
	 */
	public static AdapterContext contentAddressed(String defaultTenant, Instant receivedAt) {
		return new AdapterContext(null, defaultTenant, receivedAt);
	}

	String commandIdFor(String system, String pathId, String tenant, Instant occurredAt, JsonNode body) {
		if (this.commandId != null) {
			return this.commandId;
		}
		String name = String.join("|", "contact-sync-import", system, String.valueOf(pathId), String.valueOf(tenant),
				Long.toString(occurredAt.toEpochMilli()), canonical(body));
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	/** JSON text with object keys sorted, so key order does not change the id. */
	static String canonical(JsonNode node) {
		if (node == null) {
			return "null";
		}
		if (node.isObject()) {
			Map<String, JsonNode> sorted = new TreeMap<>();
			node.forEachEntry(sorted::put);
			StringBuilder out = new StringBuilder("{");
			sorted.forEach((key, value) -> {
				if (out.length() > 1) {
					out.append(',');
				}
				out.append(JsonNodes.quote(key)).append(':').append(canonical(value));
			});
			return out.append('}').toString();
		}
		if (node.isArray()) {
			StringBuilder out = new StringBuilder("[");
			for (JsonNode value : node.values()) {
				if (out.length() > 1) {
					out.append(',');
				}
				out.append(canonical(value));
			}
			return out.append(']').toString();
		}
		return node.toString();
	}

}
