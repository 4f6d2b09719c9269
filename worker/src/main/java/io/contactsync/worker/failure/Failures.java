package io.contactsync.worker.failure;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.http.HttpTimeoutException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells failures that go away by themselves from failures caused by one record. Only the
 * first kind is retried without end; a record that fails with the second kind is
 * dead-lettered and its partition goes on. When in doubt about a server, it is an outage:
 * an outage taken for bad data would dead-letter good records (a registry answering 503
 * to a worker whose schema cache is empty would dead-letter everything). The table in
 * docs/operations.md ("Failures") lists the cases.
 */
public final class Failures {

	/**
	 * HTTP statuses of a registry that is overloaded, restarting, unreachable or refusing
	 * our credentials: none of them is the record's fault.
	 */
	private static final Set<Integer> TRANSIENT_HTTP = Set.of(401, 403, 407, 408, 425, 429, 500, 502, 503, 504);

	/** Network failures of the registry's HTTP client (Vert.x on Netty), by name. */
	private static final Set<String> TRANSIENT_NETWORK_CLASSES = Set.of("io.vertx.core.http.HttpClosedException",
			"io.vertx.core.http.StreamResetException", "io.netty.channel.ConnectTimeoutException",
			"io.vertx.core.impl.NoStackTraceThrowable", "io.netty.handler.timeout.TimeoutException");

	private Failures() {
	}

	/**
	 * Whether the failure goes away by itself: an unreachable, overloaded or slow server,
	 * a lost connection, a write that did not reach enough replicas.
	 * @param failure what was thrown
	 * @return true to retry the batch after a back-off, false when one record caused it
	 */
	public static boolean isTransient(Throwable failure) {
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
			Boolean verdict = verdict(cause);
			if (verdict != null) {
				return verdict;
			}
		}
		return false;
	}

	/** True or false when this cause decides, null to look at its cause. */
	private static Boolean verdict(Throwable cause) {
		if (cause instanceof TransientFailureException) {
			return true;
		}
		if (cause instanceof MongoBulkWriteException bulk) {
			// Per-item errors name a document the store refused (too large, a bad
			// field name); a write concern error means it did not reach enough nodes.
			return bulk.getWriteConcernError() != null || bulk.getWriteErrors().isEmpty();
		}
		if (cause instanceof MongoWriteException) {
			return false;
		}
		if (cause instanceof MongoException) {
			// Timeouts, lost primaries, elections, shutdowns, authentication: the
			// cluster's state, not the record's.
			return true;
		}
		if (cause instanceof RetriableException || cause instanceof InterruptException
				|| cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
			return true;
		}
		if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
			return true;
		}
		if (isNetworkIo(cause)) {
			return true;
		}
		Integer status = httpStatus(cause);
		if (status != null) {
			return TRANSIENT_HTTP.contains(status);
		}
		return null;
	}

	/**
	 * Socket-level failures (refused, reset, closed, timed out, unknown host). A plain
	 * {@link java.io.EOFException} is not one: Avro throws it for truncated data.
	 */
	private static boolean isNetworkIo(Throwable cause) {
		// Netty throws subclasses (ReadTimeoutException) of the classes it names.
		for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
			if (TRANSIENT_NETWORK_CLASSES.contains(type.getName())) {
				return true;
			}
		}
		String name = cause.getClass().getName();
		return cause instanceof IOException && (name.startsWith("java.net.") || name.startsWith("javax.net.")
				|| name.startsWith("io.netty.") || name.startsWith("io.vertx."));
	}

	/** The HTTP status of a registry client error (Kiota's ApiException), if any. */
	private static Integer httpStatus(Throwable cause) {
		try {
			Method status = cause.getClass().getMethod("getResponseStatusCode");
			Object value = status.invoke(cause);
			return (value instanceof Integer code && code > 0) ? code : null;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The failure's class and message, trimmed: for failures whose message names no data
	 * (decoders, our own checks). Store and broker messages can hold values; use
	 * {@link #kind} for those.
	 */
	public static String describe(Throwable failure) {
		String message = failure.getMessage();
		if (message == null) {
			return failure.getClass().getSimpleName();
		}
		return failure.getClass().getSimpleName() + ": "
				+ ((message.length() > 200) ? message.substring(0, 200) + "..." : message);
	}

	/**
	 * The classes of the failure and its causes, outermost first, without messages: a
	 * store's message can quote the duplicate key it refused, i.e. an email.
	 */
	public static String kind(Throwable failure) {
		StringBuilder kind = new StringBuilder();
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
			if (!kind.isEmpty()) {
				kind.append(" < ");
			}
			kind.append(cause.getClass().getSimpleName());
			if (cause instanceof MongoBulkWriteException bulk) {
				// Its own code is a placeholder; the codes of its errors say what
				// went wrong.
				Set<Integer> codes = new TreeSet<>();
				bulk.getWriteErrors().forEach((error) -> codes.add(error.getCode()));
				if (bulk.getWriteConcernError() != null) {
					codes.add(bulk.getWriteConcernError().getCode());
				}
				kind.append(codes.toString().replace('[', '(').replace(']', ')'));
			}
			else if (cause instanceof MongoException mongo && mongo.getCode() > 0) {
				kind.append('(').append(mongo.getCode()).append(')');
			}
		}
		return kind.toString();
	}

}
