package io.contactsync.producer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.contracts.SourceRef;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DevStackExtension.class)
class ImportCommandIntegrationTests {

	private static final String HIGHLEVEL_LINES = """
			{"locationId": "loc-1", "email": "ann@example.org", "firstName": "Ann"}
			{"locationId": "loc-1", "email": "bob@example.org", "firstName": "Bob"

			{"locationId": "loc-1", "email": "cy@example.org", "gender": "robot"}
			{"locationId": "loc-1", "email": "dee@example.org", "tags": ["vip"], "dateAdded": "2021-07-02T05:18:26.704Z"}
			{"locationId": "loc-1", "phone": "+1 415 555 0102", "customFields": [{"key": "plan", "field_value": "pro"}]}
			""";

	@TempDir
	Path dir;

	@Test
	void reportsMalformedAndInvalidLinesByNumberAndPublishesTheRest(DevStack stack) throws IOException {
		String topic = Records.freshTopic(stack, "import");
		Path file = write("contacts.jsonl", HIGHLEVEL_LINES);

		Run run = run(stack, topic, "--file", file.toString());

		assertThat(run.exit()).isEqualTo(ImportCommand.REJECTED_LINES);
		assertThat(run.out()).contains("line 2: is not well-formed JSON\n")
			.contains("line 4: gender: must be one of male, female, unknown\n")
			.contains("Imported contacts.jsonl (highlevel, jsonl)")
			.containsPattern("published +3")
			.containsPattern("rejected +2")
			.contains("fields ignored   dateAdded (1)")
			.doesNotContain("bob@example.org");
		List<ContactUpsertCommand> published = Records.consume(stack, topic, 3);
		assertThat(published).extracting(ContactUpsertCommand::getEmail)
			.containsExactlyInAnyOrder("ann@example.org", "dee@example.org", null);
		assertThat(published).allSatisfy((command) -> {
			assertThat(command.getTenantId()).isEqualTo("loc-1");
			assertThat(command.getSource()).isEqualTo(new SourceRef("highlevel", null));
		});
		assertThat(Files.readString(Path.of(file + ".checkpoint"))).contains("lastLine=6");
	}

	@Test
	void resumesAfterTheCheckpointAndReimportsWithTheSameCommandIds(DevStack stack) throws IOException {
		String first = Records.freshTopic(stack, "import-first");
		String resumed = Records.freshTopic(stack, "import-resumed");
		Path file = write("contacts.jsonl", HIGHLEVEL_LINES);
		assertThat(run(stack, first, "--file", file.toString()).exit()).isEqualTo(ImportCommand.REJECTED_LINES);
		Files.writeString(Path.of(file + ".checkpoint"), "lastLine=4\n");

		Run run = run(stack, resumed, "--file", file.toString(), "--resume");

		assertThat(run.exit()).isZero();
		assertThat(run.out()).containsPattern("published +2").containsPattern("skipped \\(resume\\) +3");
		List<ContactUpsertCommand> all = Records.consume(stack, first, 3);
		List<ContactUpsertCommand> again = Records.consume(stack, resumed, 2);
		assertThat(again).hasSize(2);
		assertThat(all).extracting(ContactUpsertCommand::getCommandId)
			.containsAll(again.stream().map(ContactUpsertCommand::getCommandId).toList());
	}

	@Test
	void importsACsvExportOfChatbotXWithTheTenantFromTheCommandLine(DevStack stack) throws IOException {
		String topic = Records.freshTopic(stack, "import-csv");
		Path file = write("chatbotx.csv", """
				identifier,firstName,lastName,phoneNumber,gender
				cbx-1,Ann,"Lee, Jr.",+15551234567,female
				cbx-2,"Bob
				Multi",Line,12,male
				cbx-3,Cy,,,unknown
				cbx-4,Dee
				""");

		Run run = run(stack, topic, "--file", file.toString(), "--tenant", "ws-9", "--format", "chatbotx");

		assertThat(run.exit()).isEqualTo(ImportCommand.REJECTED_LINES);
		assertThat(run.out())
			.contains(
					"line 3: phoneNumber: must be 10 to 20 digits with an optional leading + (pattern \\+?\\d{10,20})")
			.contains("line 6: has 2 cells, the header (line 1) has 5")
			.contains("(chatbotx, csv)");
		List<ContactUpsertCommand> published = Records.consume(stack, topic, 2);
		assertThat(published).extracting((c) -> c.getSource().getRecordId())
			.containsExactlyInAnyOrder("cbx-1", "cbx-3");
		assertThat(published).extracting(ContactUpsertCommand::getLastName).contains("Lee, Jr.");
		assertThat(published).allSatisfy((c) -> assertThat(c.getTenantId()).isEqualTo("ws-9"));
	}

	@Test
	void detectsNotifuseFromTheHeaderOfACsvFile(DevStack stack) throws IOException {
		String topic = Records.freshTopic(stack, "import-notifuse");
		Path file = write("export.csv", """
				workspace_id,email,external_id,custom_number_1,custom_json_1
				ws_1,user@example.com,user_12345,42,"{""theme"": ""dark""}"
				""");

		Run run = run(stack, topic, "--file", file.toString());

		assertThat(run.exit()).isZero();
		ContactUpsertCommand command = Records.<ContactUpsertCommand>consume(stack, topic, 1).get(0);
		assertThat(command.getTenantId()).isEqualTo("ws_1");
		assertThat(command.getSource()).isEqualTo(new SourceRef("notifuse", "user_12345"));
		assertThat(command.getCustomFields()).hasSize(2);
	}

	@Test
	void refusesAFileWhoseShapeIsNotObvious(DevStack stack) throws IOException {
		Path file = write("people.jsonl", "{\"email\": \"a@b.org\", \"firstName\": \"A\"}\n");

		Run run = run(stack, "unused", "--file", file.toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("cannot tell the vendor shape from the first record; pass --format");
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.dir.resolve(name), content);
	}

	private static Run run(DevStack stack, String topic, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine cli = ProducerDemo.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
		List<String> all = new ArrayList<>(List.of("import", "--bootstrap-servers", stack.bootstrapServers(),
				"--registry-url", stack.registryUrl(), "--topic", topic, "--no-progress"));
		all.addAll(List.of(args));
		int exit = cli.execute(all.toArray(String[]::new));
		return new Run(exit, out.toString(), err.toString());
	}

	record Run(int exit, String out, String err) {
	}

}
