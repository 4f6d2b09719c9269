package io.contactsync.worker.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * UP while batches go through; DEGRADED when a partition's batch has been failing for
 * {@code stalled-after}, DOWN after {@code down-after}. Details name the waiting
 * partitions, since when, how many attempts and the failure's kind.
 */
class PipelineHealth implements HealthIndicator {

	/** Working, but a partition waits: alert, do not restart. */
	static final Status DEGRADED = new Status("DEGRADED", "a partition's batch keeps failing");

	private final BatchTracker tracker;

	private final PipelineSettings settings;

	PipelineHealth(BatchTracker tracker, PipelineSettings settings) {
		this.tracker = tracker;
		this.settings = settings;
	}

	@Override
	public Health health() {
		Optional<Duration> longest = this.tracker.longestWait();
		if (longest.isEmpty()) {
			return Health.up().build();
		}
		Map<String, Object> waiting = new LinkedHashMap<>();
		this.tracker.waiting()
			.forEach((partition, wait) -> waiting.put(partition.toString(),
					Map.of("since", wait.since().toString(), "attempts", wait.attempts(), "failure", wait.failure())));
		Status status = Status.UP;
		if (longest.get().compareTo(this.settings.downAfter()) >= 0) {
			status = Status.DOWN;
		}
		else if (longest.get().compareTo(this.settings.stalledAfter()) >= 0) {
			status = DEGRADED;
		}
		return Health.status(status).withDetail("waiting", waiting).build();
	}

}
