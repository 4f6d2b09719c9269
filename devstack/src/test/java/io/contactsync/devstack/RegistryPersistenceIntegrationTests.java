package io.contactsync.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Kafka keeps its records across restarts of the stack, so the registry must keep the
 * schemas their ids point to: an old record must never decode against another schema. The
 * four-port constructor keeps the schemas in Kafka, as the command line does.
 */
class RegistryPersistenceIntegrationTests {

	private static final String BEFORE = schema("Before", "a");

	private static final String AFTER = schema("After", "b");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void schemaIdsSurviveARestartOnTheSameWorkDir(@TempDir Path workDir) throws Exception {
		long id;
		try (DevStack stack = DevStack.start(new DevStack.Settings(0, 0, 0, workDir))) {
			id = register(stack, "persistence-before-value", BEFORE);
			assertThat(schemaById(stack, id).body()).contains("Before");
		}
		try (DevStack restarted = DevStack.start(new DevStack.Settings(0, 0, 0, workDir))) {
			HttpResponse<String> same = schemaById(restarted, id);
			assertThat(same.statusCode()).isEqualTo(200);
			assertThat(same.body()).contains("Before").doesNotContain("After");
			assertThat(register(restarted, "persistence-after-value", AFTER)).isNotEqualTo(id);
			assertThat(schemaById(restarted, id).body()).contains("Before");
		}
	}

	@Test
	void refusesRecordsWhoseSchemasTheRegistryWouldNotHave(@TempDir Path workDir) throws IOException {
		// Kafka data from a registry that kept its schemas in memory.
		Files.createDirectories(workDir.resolve("kafka-1/logs/contact-commands-0"));
		for (DevStack.SchemaStorage storage : DevStack.SchemaStorage.values()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> DevStack.start(new DevStack.Settings(0, 0, 0, workDir, storage)).close())
				.withMessageContaining("their schema ids would point to other schemas");
		}
	}

	private long register(DevStack stack, String subject, String schema) throws Exception {
		String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(stack.registryCcompatUrl() + "/subjects/" + subject + "/versions"))
				.header("Content-Type", "application/vnd.schemaregistry.v1+json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Matcher id = ID.matcher(response.body());
		assertThat(id.find()).as(response.body()).isTrue();
		return Long.parseLong(id.group(1));
	}

	private HttpResponse<String> schemaById(DevStack stack, long id) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(URI.create(stack.registryCcompatUrl() + "/schemas/ids/" + id)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String schema(String name, String field) {
		return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.contactsync.devstack.test\","
				+ "\"fields\":[{\"name\":\"" + field + "\",\"type\":\"string\"}]}";
	}

}
