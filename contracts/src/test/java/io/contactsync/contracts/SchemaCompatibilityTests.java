package io.contactsync.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas in this repository must stay BACKWARD compatible (new code reads records
 * written with every released schema) and FORWARD compatible (code built on a released
 * schema reads what new code writes) with every released version under
 * {@code src/test/resources/released/}. See contracts/README.md for how to evolve them.
 */
class SchemaCompatibilityTests {

	/** The current schema of each released file name. */
	private static final Map<String, Schema> CURRENT = Map.of("ContactUpsertCommand.avsc",
			ContactUpsertCommand.getClassSchema(), "ContactEvent.avsc", ContactEvent.getClassSchema(), "Contact.avsc",
			Contact.getClassSchema());

	static Stream<Arguments> releasedSchemas() throws IOException, URISyntaxException {
		Path released = Path.of(SchemaCompatibilityTests.class.getResource("/released").toURI());
		List<Arguments> cases = new ArrayList<>();
		try (Stream<Path> versions = Files.list(released)) {
			for (Path version : versions.sorted().toList()) {
				for (String file : CURRENT.keySet()) {
					Path schema = version.resolve(file);
					if (Files.exists(schema)) {
						cases.add(Arguments.of(version.getFileName() + "/" + file, file));
					}
				}
			}
		}
		assertThat(cases).as("released schemas under src/test/resources/released").isNotEmpty();
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("releasedSchemas")
	void currentSchemaIsBackwardAndForwardCompatibleWithReleased(String releasedPath, String file) {
		Schema released = parse("/released/" + releasedPath);
		Schema current = CURRENT.get(file);

		assertThat(problems(released, current)).as("evolving %s to the current %s", releasedPath, file).isEmpty();
	}

	@ParameterizedTest(name = "{0} is rejected")
	@ValueSource(strings = { "ContactUpsertCommand-required-field-added.avsc", "ContactUpsertCommand-type-changed.avsc",
			"ContactEvent-enum-symbol-removed.avsc" })
	void guardRejectsADeliberatelyIncompatibleChange(String candidate) {
		String file = candidate.substring(0, candidate.indexOf('-')) + ".avsc";
		Schema released = parse("/released/v1/" + file);
		Schema incompatible = parse("/incompatible/" + candidate);

		assertThat(problems(released, incompatible)).isNotEmpty();
	}

	/** Empty when {@code candidate} may replace {@code released}; otherwise why not. */
	static List<String> problems(Schema released, Schema candidate) {
		List<String> problems = new ArrayList<>();
		var backward = SchemaCompatibility.checkReaderWriterCompatibility(candidate, released);
		if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
			problems.add("not BACKWARD compatible: " + backward.getResult().getIncompatibilities());
		}
		var forward = SchemaCompatibility.checkReaderWriterCompatibility(released, candidate);
		if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
			problems.add("not FORWARD compatible: " + forward.getResult().getIncompatibilities());
		}
		return problems;
	}

	private static Schema parse(String resource) {
		try (InputStream in = SchemaCompatibilityTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new Schema.Parser().parse(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
