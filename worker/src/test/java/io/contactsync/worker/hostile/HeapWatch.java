package io.contactsync.worker.hostile;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The heap of this JVM (broker, store and worker all live in it) while a run lasts: the
 * largest heap in use right after any collection, and the largest seen by sampling.
 */
final class HeapWatch implements AutoCloseable {

	private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans()
		.stream()
		.filter((pool) -> pool.getType() == MemoryType.HEAP)
		.map(MemoryPoolMXBean::getName)
		.collect(Collectors.toSet());

	private final AtomicLong maxAfterGc = new AtomicLong();

	private final AtomicLong maxSampled = new AtomicLong();

	private final AtomicLong collections = new AtomicLong();

	private final List<NotificationEmitter> emitters = new ArrayList<>();

	private final NotificationListener listener = this::collected;

	private final Thread sampler;

	private volatile boolean running = true;

	HeapWatch() {
		for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this.listener, null, null);
				this.emitters.add(emitter);
			}
		}
		this.sampler = Thread.ofPlatform().daemon().name("hostile-heap-sampler").start(() -> {
			while (this.running) {
				this.maxSampled.accumulateAndGet(used(), Math::max);
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
	}

	private void collected(Notification notification, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			return;
		}
		var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
		long after = 0;
		for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
			if (this.heapPools.contains(pool.getKey())) {
				after += pool.getValue().getUsed();
			}
		}
		this.maxAfterGc.accumulateAndGet(after, Math::max);
		this.collections.incrementAndGet();
	}

	/** Heap in use now. */
	static long used() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Heap in use after a full collection: what is really alive. */
	static long live() {
		System.gc();
		return used();
	}

	static long max() {
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		return (heap.getMax() > 0) ? heap.getMax() : Runtime.getRuntime().maxMemory();
	}

	long maxAfterGc() {
		return this.maxAfterGc.get();
	}

	long maxSampled() {
		return Math.max(this.maxSampled.get(), used());
	}

	long collections() {
		return this.collections.get();
	}

	@Override
	public void close() {
		this.running = false;
		this.sampler.interrupt();
		for (NotificationEmitter emitter : this.emitters) {
			try {
				emitter.removeNotificationListener(this.listener);
			}
			catch (javax.management.ListenerNotFoundException ex) {
				// Already gone.
			}
		}
	}

}
