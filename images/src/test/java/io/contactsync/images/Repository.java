package io.contactsync.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Files of the checkout these tests look at. */
final class Repository {

	private Repository() {
	}

	/** The checkout's root: Maven passes it; from an IDE the module's parent. */
	static Path root() {
		String root = System.getProperty("contact-sync.root");
		Path path = (root != null && !root.isBlank()) ? Path.of(root) : Path.of("..");
		return path.toAbsolutePath().normalize();
	}

	static Path file(String relative) {
		return root().resolve(relative);
	}

	static String read(String relative) {
		try {
			return Files.readString(file(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file(relative), ex);
		}
	}

	/**
	 * {@code docker/.env}: KEY=value lines, the way the Testcontainers suite reads them
	 * too.
	 */
	static Properties dotEnv() {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(file("docker/.env"))) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read docker/.env", ex);
		}
		return properties;
	}

	static String projectVersion() {
		String version = System.getProperty("contact-sync.version");
		if (version == null || version.isBlank()) {
			throw new IllegalStateException("run through Maven: the system property contact-sync.version is not set");
		}
		return version;
	}

}
