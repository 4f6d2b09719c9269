package io.contactsync.producer;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code producer-demo samples}: publishes the sample story. */
@Command(name = "samples", mixinStandardHelpOptions = true,
		description = "Publishes a short story of sample commands: new person, updates by email and phone, a collision, a duplicate, a stale and an invalid command.")
final class SamplesCommand implements Callable<Integer> {

	@Mixin
	ConnectionOptions.Publishing connection;

	@Option(names = "--tenant", defaultValue = "demo-tenant", description = "Tenant id (default: ${DEFAULT-VALUE}).")
	String tenant;

	@Override
	public Integer call() throws Exception {
		List<SampleCommands.Sample> samples = SampleCommands.story(this.tenant, Instant.now());
		try (CommandPublisher publisher = new CommandPublisher(this.connection.bootstrapServers,
				this.connection.registryUrl, this.connection.topic)) {
			for (SampleCommands.Sample sample : samples) {
				RecordMetadata sent = publisher.publish(sample.command()).get(60, TimeUnit.SECONDS);
				System.out.printf("  %-60s -> partition %d, offset %d%n", sample.story(), sent.partition(),
						sent.offset());
			}
		}
		System.out.printf("Published %d sample commands to %s.%n", samples.size(), this.connection.topic);
		return 0;
	}

}
