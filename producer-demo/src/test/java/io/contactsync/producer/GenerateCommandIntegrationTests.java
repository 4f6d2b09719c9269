package io.contactsync.producer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import io.contactsync.contracts.ContactUpsertCommand;
import io.contactsync.devstack.DevStack;
import io.contactsync.devstack.DevStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(DevStackExtension.class)
class GenerateCommandIntegrationTests {

	@Test
	void publishesTheRequestedNumberOfCommandsAndSummarizesThemByKind(DevStack stack) {
		String topic = Records.freshTopic(stack, "generate");
		StringWriter out = new StringWriter();

		int exit = ProducerDemo.commandLine()
			.setOut(new PrintWriter(out))
			.execute("generate", "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
					"--topic", topic, "--count", "200", "--tenants", "2", "--seed", "7", "--start",
					"2025-01-01T00:00:00Z", "--no-progress");

		assertThat(exit).isZero();
		assertThat(out.toString()).contains("Generated 200 commands for 2 tenants (seed 7)")
			.containsPattern("new person +\\d+")
			.containsPattern("duplicate +\\d+")
			.containsPattern("acknowledged +200")
			.containsPattern("failed +0");
		List<ContactUpsertCommand> published = Records.consume(stack, topic, 200);
		assertThat(published).hasSize(200);
		assertThat(published).extracting(ContactUpsertCommand::getTenantId).containsOnly("tenant-1", "tenant-2");
	}

	@Test
	void paysAttentionToTheMixAndTheRate(DevStack stack) {
		String topic = Records.freshTopic(stack, "generate-rate");
		StringWriter out = new StringWriter();
		long began = System.nanoTime();

		int exit = ProducerDemo.commandLine()
			.setOut(new PrintWriter(out))
			.execute("generate", "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
					"--topic", topic, "--count", "20", "--rate", "40", "--invalid", "0", "--stale", "0", "--duplicates",
					"0", "--collisions", "0", "--no-progress");

		assertThat(exit).isZero();
		// 20 commands at 40/s: the last is due after 475 ms.
		assertThat((System.nanoTime() - began) / 1_000_000).isGreaterThanOrEqualTo(450);
		assertThat(out.toString()).containsPattern("invalid +0").containsPattern("stale +0");
	}

}
