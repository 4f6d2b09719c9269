package io.contactsync.producer;

import java.io.PrintStream;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error, or nothing when progress is turned off. */
final class Progress implements AutoCloseable {

	private final ProgressBar bar;

	private Progress(ProgressBar bar) {
		this.bar = bar;
	}

	/**
	 * @param max the total, or -1 when unknown
	 */
	static Progress start(String task, long max, String unit, boolean enabled) {
		if (!enabled) {
			return new Progress(null);
		}
		PrintStream err = System.err;
		ProgressBar bar = new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(max)
			.setStyle(ProgressBarStyle.ASCII)
			.setUnit(" " + unit, 1)
			.showSpeed()
			.setUpdateIntervalMillis(250)
			.setConsumer(new ConsoleProgressBarConsumer(err))
			.build();
		return new Progress(bar);
	}

	void stepTo(long n) {
		if (this.bar != null) {
			this.bar.stepTo(n);
		}
	}

	void extra(String message) {
		if (this.bar != null) {
			this.bar.setExtraMessage(message);
		}
	}

	@Override
	public void close() {
		if (this.bar != null) {
			this.bar.close();
		}
	}

}
