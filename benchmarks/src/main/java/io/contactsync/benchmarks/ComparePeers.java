package io.contactsync.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.contactsync.benchmarks.Contender.Run;
import io.contactsync.benchmarks.Contender.Tools;
import io.contactsync.contracts.RegistrySerdes;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Our worker against its peers on one broker and one store: the MongoDB Kafka sink
 * connector (1 and 2 tasks) and a plain consumer. Each runs as its own process, on a
 * fresh database and consumer group, interleaved over rounds; each is timed from its
 * process's start until every person is stored and its group has committed the end of the
 * topic. Prints a table per round and medians. See docs/benchmarks.md.
 */
@Command(name = "compare-peers", mixinStandardHelpOptions = true,
		description = "The worker against the MongoDB Kafka sink connector and a plain consumer, on one broker and one store.")
public final class ComparePeers implements Callable<Integer> {

	private static final int PARTITIONS = 6;

	private static final Duration POLL = Duration.ofMillis(200);

	@Option(names = "--commands", defaultValue = "200000",
			description = "Upserts to publish, two per person (default: ${DEFAULT-VALUE}).")
	int commands;

	@Option(names = "--rounds", defaultValue = "3",
			description = "Rounds; each runs every system once (default: ${DEFAULT-VALUE}).")
	int rounds;

	@Option(names = "--systems", defaultValue = "connector-1,connector-2,plain,worker", split = ",",
			description = "Systems, in the first round's order; later rounds rotate it (default: ${DEFAULT-VALUE}).")
	List<String> systems;

	@Option(names = "--seed", defaultValue = "7", description = "Workload seed (default: ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--store-heap", defaultValue = "8g",
			description = "-Xmx of the store's JVM: about 14 KB per worker contact (default: ${DEFAULT-VALUE}).")
	String storeHeap;

	@Option(names = "--run-timeout", defaultValue = "PT30M",
			description = "Longest a run may take (default: ${DEFAULT-VALUE}).")
	Duration runTimeout;

	@Option(names = "--worker-jar", required = true,
			description = "The worker's executable jar (the script passes it).")
	Path workerJar;

	@Option(names = "--devstack-jar", required = true,
			description = "The devstack's executable jar: broker, registry and store (the script passes it).")
	Path devstackJar;

	@Option(names = "--connect-classpath", required = true, description = "A file holding Kafka Connect's class path.")
	Path connectClasspath;

	@Option(names = "--connect-plugins", required = true,
			description = "Kafka Connect's plugin.path: the directory holding the connector's jar.")
	Path connectPlugins;

	@Option(names = "--work-dir", required = true, description = "Logs and data of every process.")
	Path workDir;

	public static void main(String[] args) {
		RegistrySerdes.trustContractClasses();
		// On Ctrl-C or SIGTERM, nothing this harness started may outlive it.
		Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::closeAll, "compare-peers-cleanup"));
		System.exit(new CommandLine(new ComparePeers()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		List<Contender> contenders = this.systems.stream().map(Contender::parse).toList();
		Files.createDirectories(this.workDir);
		Pids pids = new Pids(this.workDir.resolve("pids"));
		Tools tools = new Tools(this.workerJar.toAbsolutePath(), Path.of(System.getProperty("java.class.path")),
				Files.readString(this.connectClasspath).trim(), this.connectPlugins.toAbsolutePath());
		Workload workload = new Workload(this.seed, this.commands);
		printHeader(workload);
		List<Measurement> all = new ArrayList<>();
		try (Stack stack = Stack.start(this.devstackJar, this.storeHeap, this.workDir, pids);
				Probes probes = new Probes(stack.bootstrapServers(), stack.mongoUri())) {
			System.out.printf("Broker %s (pid %d), registry %s, store %s (pid %d, -Xmx%s); logs in %s%n",
					stack.bootstrapServers(), stack.broker().pid(), stack.registryUrl(), stack.mongoUri(),
					stack.store().pid(), this.storeHeap, this.workDir);
			String prefix = "peers-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
			String avroTopic = prefix + "-avro";
			String jsonTopic = prefix + "-json";
			probes.createTopic(avroTopic, PARTITIONS);
			probes.createTopic(jsonTopic, PARTITIONS);
			Publisher.Published published = Publisher.publish(workload, stack.bootstrapServers(), stack.registryUrl(),
					avroTopic, jsonTopic);
			System.out.printf(
					"Published %,d upserts for %,d people to %s (Avro, mean value %.0f bytes) and %s (JSON, %.0f bytes), "
							+ "%d partitions each, in %.1f s, once for all rounds%n",
					published.records(), workload.people(), avroTopic, published.meanAvroBytes(), jsonTopic,
					published.meanJsonBytes(), PARTITIONS, published.seconds());
			Map<String, Map<TopicPartition, Long>> ends = Map.of(avroTopic, probes.endOffsets(avroTopic), jsonTopic,
					probes.endOffsets(jsonTopic));
			for (int round = 1; round <= this.rounds; round++) {
				List<Measurement> measured = new ArrayList<>();
				for (int i = 0; i < contenders.size(); i++) {
					// Each round starts one system later: none always runs first.
					Contender contender = contenders.get((i + round - 1) % contenders.size());
					String name = prefix + "-r" + round + "-" + contender.id();
					Run run = new Run(name, this.workDir.resolve(name), stack, avroTopic, jsonTopic, tools, pids);
					String topic = (contender instanceof Contender.Worker) ? avroTopic : jsonTopic;
					Measurement m = measure(contender, round, run, probes, workload, ends.get(topic));
					measured.add(m);
					System.out.printf(
							"[round %d] %-18s %,9.0f records/s  %6.1f s (start-up %.1f s)  CPU-s: system %.1f, "
									+ "store %.1f, broker %.1f, registry %.1f, rest of machine %.1f  load %s%s%n"
									+ "           %-18s CPU-s by thread: system (%s), store (%s)%n",
							round, m.system(), m.rate(), m.seconds(), m.startupSeconds(), m.systemCpu(), m.storeCpu(),
							m.brokerCpu(), m.registryCpu(), m.othersCpu(), ProcStat.loadAverage(),
							m.note().isEmpty() ? "" : "  " + m.note(), "", m.systemThreads(), m.storeThreads());
				}
				all.addAll(measured);
				System.out.printf("%nRound %d of %d (%,d records, %,d people):%n%n%s%n", round, this.rounds,
						workload.commands(), workload.people(), Report.roundTable(measured));
			}
		}
		System.out.printf("Summary: medians of %d rounds, %,d upserts for %,d people each%n%n%s%n", this.rounds,
				workload.commands(), workload.people(), Report.summary(all,
						contenders.stream().map(Contender::label).toList(), new Contender.Worker().label()));
		System.out.printf("Load average at the end: %s (1, 5, 15 min) on %d cores%n", ProcStat.loadAverage(),
				Runtime.getRuntime().availableProcessors());
		return 0;
	}

	private void printHeader(Workload workload) {
		System.out.printf("compare-peers, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
		System.out.printf("Machine: %d cores, load average %s (1, 5, 15 min) at the start; Java %s%n",
				Runtime.getRuntime().availableProcessors(), ProcStat.loadAverage(), Runtime.version());
		System.out.printf("Workload: %,d upserts for %,d people, seed %d; %d rounds of %s%n", workload.commands(),
				workload.people(), this.seed, this.rounds, String.join(", ", this.systems));
	}

	private Measurement measure(Contender contender, int round, Run run, Probes probes, Workload workload,
			Map<TopicPartition, Long> ends) {
		contender.prepare(run, probes);
		String group = contender.group(run);
		Stack stack = run.stack();
		double store = stack.store().ownCpuSeconds();
		ThreadSplit storeThreads = ThreadSplit.of(stack.store().pid());
		double broker = stack.broker().ownCpuSeconds();
		double registry = stack.registryCpuSeconds();
		double machine = ProcStat.machineSeconds()[0];
		long start = System.nanoTime();
		Instant deadline = Instant.now().plus(this.runTimeout);
		try (ChildProcess process = contender.start(run)) {
			double startup = Double.NaN;
			while (!ChildProcess.stopping()) {
				process.checkAlive();
				double elapsed = (System.nanoTime() - start) / 1e9;
				long stored = probes.documents(run.database(), Contender.COLLECTION);
				if (Double.isNaN(startup) && (stored > 0 || consuming(probes, group))) {
					startup = elapsed;
				}
				if (stored >= workload.people() && probes.committed(group, ends)) {
					double seconds = (System.nanoTime() - start) / 1e9;
					// CPU before the process stops: its shutdown is not timed.
					double systemCpu = process.treeCpuSeconds();
					return new Measurement(round, contender.label(), workload.commands(), seconds, startup, systemCpu,
							stack.store().ownCpuSeconds() - store, stack.broker().ownCpuSeconds() - broker,
							stack.registryCpuSeconds() - registry, ProcStat.machineSeconds()[0] - machine,
							ThreadSplit.of(process.pid()), ThreadSplit.of(stack.store().pid()).since(storeThreads),
							contender.check(run, probes));
				}
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException(
							String.format("%s did not finish within %s: %,d of %,d people stored; see %s",
									contender.label(), this.runTimeout, stored, workload.people(), process.log()));
				}
				Pause.millis(POLL.toMillis());
			}
			throw new IllegalStateException("stopped");
		}
		finally {
			// The store keeps its data on its heap: free it before the next run.
			try {
				probes.dropDatabase(run.database());
				collectGarbage(stack.store());
			}
			catch (RuntimeException ex) {
				System.out.println("Could not drop " + run.database() + ": " + ex);
			}
		}
	}

	private static boolean consuming(Probes probes, String group) {
		try {
			return probes.consuming(group);
		}
		catch (RuntimeException notYet) {
			return false;
		}
	}

	/**
	 * A full collection in the store after dropping a run's database, outside any
	 * measured interval, so that no run pays for the previous run's garbage.
	 */
	private static void collectGarbage(ChildProcess store) {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(store.pid()), "GC.run")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			jcmd.waitFor(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			System.out.println("Could not collect the store's garbage between runs (" + ex + "); going on");
		}
	}

}
