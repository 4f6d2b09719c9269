package io.contactsync.worker.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Reads every log line of this JVM (the worker runs in it) as it is written, message and
 * exception messages included, and keeps the few that hold a personal value. Attach it
 * after the worker started: Spring Boot resets Logback when an application starts.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {

	private static final int KEPT = 10;

	/** Loggers of the in-process Mongo-wire server (mongo-java-server). */
	static final String STORE_LOGGERS = "de.bwaldvogel.";

	private final PersonalData personal;

	private final AtomicLong lines = new AtomicLong();

	private final AtomicLong warnings = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong leaking = new AtomicLong();

	private final AtomicLong storeLeaking = new AtomicLong();

	private final List<String> leaks = new ArrayList<>();

	/** WARN and ERROR lines by logger and message pattern (values left out). */
	private final Map<String, Long> patterns = new ConcurrentHashMap<>();

	private Logger root;

	private LogCapture(PersonalData personal) {
		this.personal = personal;
	}

	/**
	 * Starts capturing, or returns null when this JVM does not log through Logback.
	 * @param quiet also stop printing to the console (the runner's output stays
	 * readable); the lines are still read
	 */
	static LogCapture attach(PersonalData personal, boolean quiet) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return null;
		}
		LogCapture capture = new LogCapture(personal);
		capture.setContext(context);
		capture.setName("hostile-input-capture");
		capture.start();
		capture.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		capture.root.addAppender(capture);
		if (quiet) {
			capture.root.detachAppender("CONSOLE");
		}
		return capture;
	}

	/** Stops reading; a console silenced by {@link #attach} stays silent. */
	void detach() {
		this.root.detachAppender(this);
		stop();
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.lines.incrementAndGet();
		if (event.getLevel() == Level.WARN) {
			this.warnings.incrementAndGet();
		}
		else if (event.getLevel() == Level.ERROR) {
			this.errors.incrementAndGet();
		}
		if (event.getLevel().isGreaterOrEqual(Level.WARN) && this.patterns.size() < 200) {
			String logger = event.getLoggerName().substring(event.getLoggerName().lastIndexOf('.') + 1);
			String pattern = String.valueOf(event.getMessage()).replaceAll("\\s+", " ").replaceAll("\\d+", "N");
			this.patterns.merge(event.getLevel() + " " + logger + ": "
					+ ((pattern.length() > 100) ? pattern.substring(0, 100) + "..." : pattern), 1L, Long::sum);
		}
		StringBuilder text = new StringBuilder(event.getFormattedMessage());
		for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
			text.append(" | ").append(failure.getClassName()).append(": ").append(failure.getMessage());
			if (failure.getCause() == failure) {
				break;
			}
		}
		if (this.personal.foundIn(text.toString())) {
			// The Mongo-wire server stands in for MongoDB, whose logs are not the
			// worker's: counted apart.
			if (event.getLoggerName().startsWith(STORE_LOGGERS)) {
				this.storeLeaking.incrementAndGet();
				return;
			}
			this.leaking.incrementAndGet();
			synchronized (this.leaks) {
				if (this.leaks.size() < KEPT) {
					this.leaks.add(event.getLevel() + " " + event.getLoggerName() + ": "
							+ this.personal.masked(text.toString()));
				}
			}
		}
	}

	long lines() {
		return this.lines.get();
	}

	long warnings() {
		return this.warnings.get();
	}

	long errors() {
		return this.errors.get();
	}

	long leaking() {
		return this.leaking.get();
	}

	/** Lines of the in-process store, not the worker, that hold a personal value. */
	long storeLeaking() {
		return this.storeLeaking.get();
	}

	/** The most frequent WARN and ERROR message patterns, with their counts. */
	List<String> frequentWarnings(int limit) {
		return this.patterns.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(limit)
			.map((entry) -> entry.getValue() + "x " + entry.getKey())
			.toList();
	}

	List<String> leaks() {
		synchronized (this.leaks) {
			return List.copyOf(this.leaks);
		}
	}

}
