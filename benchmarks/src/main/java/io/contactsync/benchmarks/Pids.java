package io.contactsync.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file listing every process the harness started, one {@code pid starttime name} a
 * line. The script stops those still running when it ends, however this JVM ended; the
 * start time tells a process from a later one that got the same pid.
 */
final class Pids {

	private final Path file;

	Pids(Path file) {
		this.file = file;
	}

	synchronized void add(long pid, String name) {
		ProcStat.startTime(pid).ifPresent((start) -> {
			try {
				Files.writeString(this.file, pid + " " + start + " " + name + System.lineSeparator(),
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
