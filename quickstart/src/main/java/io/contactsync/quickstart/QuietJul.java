package io.contactsync.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** Configures java.util.logging from the quickstart's classpath: errors only. */
public final class QuietJul {

	public QuietJul() throws IOException {
		try (InputStream config = QuietJul.class.getResourceAsStream("/quickstart-logging.properties")) {
			LogManager.getLogManager().readConfiguration(config);
		}
	}

}
