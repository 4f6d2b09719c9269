package io.contactsync.benchmarks;

/** Sleeps for polling loops; an interrupt (Ctrl-C) ends the benchmark. */
final class Pause {

	private Pause() {
	}

	static void millis(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
