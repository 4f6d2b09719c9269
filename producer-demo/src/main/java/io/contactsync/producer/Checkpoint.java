package io.contactsync.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The last line of an import file whose records are acknowledged by Kafka (or were
 * rejected and reported). Written after each flush, atomically, so a crash leaves either
 * the old or the new line number.
 */
final class Checkpoint {

	private static final String KEY = "lastLine=";

	private final Path path;

	Checkpoint(Path path) {
		this.path = path;
	}

	Path path() {
		return this.path;
	}

	/** The saved line number, 0 when there is none. */
	int read() throws IOException {
		if (!Files.exists(this.path)) {
			return 0;
		}
		for (String line : Files.readAllLines(this.path, StandardCharsets.UTF_8)) {
			if (line.startsWith(KEY)) {
				try {
					return Integer.parseInt(line.substring(KEY.length()).strip());
				}
				catch (NumberFormatException ex) {
					throw new IOException("the checkpoint " + this.path + " is damaged: delete it to start over");
				}
			}
		}
		return 0;
	}

	void write(int lastLine) throws IOException {
		Path temp = this.path.resolveSibling(this.path.getFileName() + ".tmp");
		Files.writeString(temp,
				"# contact-sync import checkpoint: lines up to this one are published\n" + KEY + lastLine + "\n",
				StandardCharsets.UTF_8);
		Files.move(temp, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
