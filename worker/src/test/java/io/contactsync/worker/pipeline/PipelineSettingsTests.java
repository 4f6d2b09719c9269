package io.contactsync.worker.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/** The defaults of the pipeline settings fit together with Spring's. */
class PipelineSettingsTests {

	private final PipelineSettings defaults = new Binder(List.of()).bindOrCreate("contact-sync.pipeline",
			Bindable.of(PipelineSettings.class));

	@Test
	void springWaitsForTheBatchInHandAsLongAsTheListenerDoes() throws IOException {
		Duration lifecycle = DurationStyle.detectAndParse(springLifecycleTimeout());

		// Shorter, and Spring would close the producers under a batch that still
		// publishes: not a loss (it is redelivered), but an unclean stop.
		assertThat(this.defaults.shutdownTimeout())
			.isGreaterThanOrEqualTo(this.defaults.publishTimeout().multipliedBy(2));
		assertThat(lifecycle).isGreaterThanOrEqualTo(this.defaults.shutdownTimeout());
	}

	@Test
	void anEventFitsTheBrokersDefaultRecordLimit() {
		// The producer's max.request.size and the topic's max.message.bytes: 1 MB.
		assertThat(this.defaults.maxEventSize()).isLessThan(1024 * 1024);
		assertThat(this.defaults.maxCommandSize()).isLessThan(this.defaults.maxEventSize());
	}

	@SuppressWarnings("unchecked")
	private static String springLifecycleTimeout() throws IOException {
		try (InputStream yaml = PipelineSettingsTests.class.getResourceAsStream("/application.yaml")) {
			Map<String, Object> root = new Yaml().load(yaml);
			Map<String, Object> spring = (Map<String, Object>) root.get("spring");
			Map<String, Object> lifecycle = (Map<String, Object>) spring.get("lifecycle");
			return String.valueOf(lifecycle.get("timeout-per-shutdown-phase"));
		}
	}

}
