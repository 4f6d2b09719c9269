package io.contactsync.benchmarks;

/**
 * One run of one system: from its process's start until every person is stored and its
 * group has committed the end of the topic.
 *
 * @param round 1-based
 * @param system the system's label
 * @param records records on the topic
 * @param seconds from the process's start to done
 * @param startupSeconds from the process's start until its group was consuming
 * @param systemCpu CPU seconds of the system's processes
 * @param storeCpu CPU seconds of the store's JVM over the run
 * @param brokerCpu CPU seconds of the broker's JVM over the run
 * @param registryCpu CPU seconds of the registry's JVM over the run
 * @param machineCpu busy CPU seconds of the whole (shared) machine over the run
 * @param systemThreads the system's main process's CPU by kind of thread
 * @param storeThreads the store's CPU over the run by kind of thread
 * @param note anything to add, e.g. dead letters
 */
record Measurement(int round, String system, int records, double seconds, double startupSeconds, double systemCpu,
		double storeCpu, double brokerCpu, double registryCpu, double machineCpu, ThreadSplit systemThreads,
		ThreadSplit storeThreads, String note) {

	double rate() {
		return this.records / this.seconds;
	}

	/** The rate once consuming: without JVM start, plugin scans, Spring start-up. */
	double rateAfterStartup() {
		return this.records / Math.max(1e-3, this.seconds - this.startupSeconds);
	}

	/** CPU of the system and of what it used: store, broker and registry. */
	double totalCpu() {
		return this.systemCpu + this.storeCpu + this.brokerCpu + this.registryCpu;
	}

	/** CPU the rest of the machine used meanwhile: other users, and this harness. */
	double othersCpu() {
		return Math.max(0, this.machineCpu - this.systemCpu - this.storeCpu - this.brokerCpu - this.registryCpu);
	}

}
