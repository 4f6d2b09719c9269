package io.contactsync.contracts;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartitionKeysTests {

	@Test
	void keysByTenantAndEmailIgnoringCaseAndSpaces() {
		assertThat(PartitionKeys.forCommand(command("t1", " Rosan@Deos.com ", null)))
			.isEqualTo(PartitionKeys.forCommand(command("t1", "rosan@deos.com", "+1 888-888-8888")))
			.isEqualTo("t1|e|rosan@deos.com");
	}

	@Test
	void keysByPhoneDigitsWhenNoEmail() {
		assertThat(PartitionKeys.forCommand(command("t1", null, "+1 888-888-8888")))
			.isEqualTo(PartitionKeys.forCommand(command("t1", null, "(888) 888-8888")))
			.isEqualTo("t1|p|8888888888");
	}

	@Test
	void keysBySourceRecordWhenNoEmailOrPhone() {
		ContactUpsertCommand command = command("t1", null, null);
		command.getSource().setRecordId("ocQHyuzHvysMo5N5VsXc");

		assertThat(PartitionKeys.forCommand(command)).isEqualTo("t1|s|highlevel|ocQHyuzHvysMo5N5VsXc");
	}

	@Test
	void sameIdentifierInAnotherTenantGetsAnotherKey() {
		assertThat(PartitionKeys.forCommand(command("t1", "a@b.co", null)))
			.isNotEqualTo(PartitionKeys.forCommand(command("t2", "a@b.co", null)));
	}

	@Test
	void refusesAMissingTenant() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PartitionKeys.forIdentifiers(" ", "a@b.co", null, null, null, "c1"))
			.withMessage("tenantId is required to build a partition key");
	}

	static ContactUpsertCommand command(String tenant, String email, String phone) {
		return ContactUpsertCommand.newBuilder()
			.setCommandId("cmd-1")
			.setTenantId(tenant)
			.setSource(new SourceRef("highlevel", null))
			.setOccurredAt(Instant.parse("2026-01-01T00:00:00Z"))
			.setEmail(email)
			.setPhone(phone)
			.build();
	}

}
