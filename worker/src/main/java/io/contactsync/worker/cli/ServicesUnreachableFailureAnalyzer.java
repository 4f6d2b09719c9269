package io.contactsync.worker.cli;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports unreachable services as Spring Boot reports a port in use: a description and an
 * action, no stack trace (Spring Boot logs none for an analyzed failure).
 */
class ServicesUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<ServicesUnreachableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServicesUnreachableException cause) {
		return new FailureAnalysis(String.join(System.lineSeparator(), cause.sentences()),
				"Start the service, or point the property in brackets at where it runs (--<property>=<value>, "
						+ "or an environment variable such as SPRING_MONGODB_URI; --help lists them). The check "
						+ "waits " + StartupSettings.PREFIX + ".timeout for each answer.",
				cause);
	}

}
