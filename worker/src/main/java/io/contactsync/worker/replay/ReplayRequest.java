package io.contactsync.worker.replay;

import java.time.Instant;
import java.util.Map;

/**
 * What to replay.
 *
 * @param from first record time (inclusive); ignored when {@code offsets} are given
 * @param offsets explicit start offset per partition; partitions not named start at the
 * beginning
 * @param until stop before records at or after this time; null: the topic's end when the
 * replay starts
 * @param tenant only this tenant's commands; null: all
 * @param dryRun merge in memory only: write and publish nothing, report what would change
 * @param group the replay's own consumer group (its committed offsets make a replay
 * resumable); never the live worker's group
 * @param sampledContacts how many contacts' field-level differences to report
 */
public record ReplayRequest(Instant from, Map<Integer, Long> offsets, Instant until, String tenant, boolean dryRun,
		String group, int sampledContacts) {

	public ReplayRequest {
		if (from == null && (offsets == null || offsets.isEmpty())) {
			throw new IllegalArgumentException(
					"a replay needs a start: --from <time> or --offsets <partition:offset,...>");
		}
		offsets = (offsets != null) ? Map.copyOf(offsets) : Map.of();
		if (group == null || group.isBlank()) {
			throw new IllegalArgumentException("a replay needs its own consumer group");
		}
	}

}
