package io.contactsync.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Reads the image tarballs Jib wrote ({@code ./mvnw -Pimage package}) and checks what a
 * container runtime would run: entrypoint, user, ports, tag, and the application inside.
 * Without {@code -Pimage} a missing tarball skips these tests; with it, it fails them.
 */
class ImageTarballTests {

	private static final ObjectMapper json = JsonMapper.builder().build();

	@Test
	void workerImageRunsTheWorkerAsANonRootUserOnPort8080() throws IOException {
		Image image = Image.read("worker");
		assertThat(image.tag()).isEqualTo("contact-sync/worker:" + Repository.projectVersion());
		assertThat(image.entrypoint()).containsExactly("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
				"-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.contactsync.contracts", "-cp", "@/app/jib-classpath-file",
				"io.contactsync.worker.WorkerApplication");
		assertThat(image.config().path("User").asString()).isEqualTo("1000:1000");
		assertThat(names(image.config().path("ExposedPorts"))).containsExactly("8080/tcp");
		assertThat(image.config().path("Labels").path("org.opencontainers.image.version").asString())
			.isEqualTo(Repository.projectVersion());
		assertThat(image.files()).contains("app/classes/io/contactsync/worker/WorkerApplication.class",
				"app/jib-classpath-file");
		assertThat(image.files()).anyMatch((file) -> file.matches("app/libs/contracts-.*\\.jar"));
	}

	@Test
	void producerDemoImagePrintsItsUsageUnlessGivenACommand() throws IOException {
		Image image = Image.read("producer-demo");
		assertThat(image.tag()).isEqualTo("contact-sync/producer-demo:" + Repository.projectVersion());
		assertThat(image.entrypoint()).startsWith("java", "-XX:MaxRAMPercentage=75")
			.endsWith("-cp", "@/app/jib-classpath-file", "io.contactsync.producer.ProducerDemo");
		assertThat(strings(image.config().path("Cmd"))).containsExactly("--help");
		assertThat(image.config().path("User").asString()).isEqualTo("1000:1000");
		assertThat(names(image.config().path("ExposedPorts"))).isEmpty();
		assertThat(image.files()).contains("app/classes/io/contactsync/producer/ProducerDemo.class");
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

	private static List<String> names(JsonNode object) {
		return new ArrayList<>(object.propertyNames());
	}

	record Image(String tag, JsonNode config, List<String> files) {

		List<String> entrypoint() {
			return strings(this.config.path("Entrypoint"));
		}

		static Image read(String module) throws IOException {
			Path tarball = Repository.file(module + "/target/jib-image.tar");
			if (!Boolean.getBoolean("images.tarballs-required")) {
				assumeThat(tarball).as("built by ./mvnw -Pimage package").exists();
			}
			assertThat(tarball).as("the image tarball of " + module).exists();
			Map<String, byte[]> json = new HashMap<>();
			List<String> files = new ArrayList<>();
			try (InputStream in = Files.newInputStream(tarball)) {
				Tar.read(in, (name, content) -> {
					if (name.endsWith(".json")) {
						json.put(name, content.readAllBytes());
					}
					else if (name.endsWith(".tar.gz")) {
						// A layer: list its files (base image layers too; cheap
						// enough for a test).
						Tar.read(new GZIPInputStream(content), (file, bytes) -> files.add(file));
					}
					else if (name.endsWith(".tar")) {
						Tar.read(content, (file, bytes) -> files.add(file));
					}
				});
			}
			JsonNode manifest = ImageTarballTests.json.readTree(json.get("manifest.json")).get(0);
			JsonNode config = ImageTarballTests.json.readTree(json.get(manifest.path("Config").asString()));
			return new Image(strings(manifest.path("RepoTags")).get(0), config.path("config"), files);
		}

	}

}
