package io.contactsync.worker.cli;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The start-up check ({@code contact-sync.startup.*}). Bound from the environment before
 * the application context exists, so it is no bean.
 *
 * @param timeout how long the check waits for MongoDB, the broker and the registry to
 * accept a connection; a refused connection fails at once
 */
@ConfigurationProperties(StartupSettings.PREFIX)
record StartupSettings(@DefaultValue("10s") Duration timeout) {

	static final String PREFIX = "contact-sync.startup";

	/** {@code 10s}, {@code 500ms}: as the property is written, not {@code PT10S}. */
	static String format(Duration duration) {
		return (duration.toMillisPart() == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
